#!/usr/bin/env node
// Publishes each workspace of the current repository whose version is not on the registry yet.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = process.cwd();
const { workspaces = [] } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
for (const ws of workspaces) {
  const dir = path.join(root, ws);
  const { name, version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  let published = '';
  try { published = execFileSync('npm', ['view', `${name}@${version}`, 'version']).toString().trim(); } catch {}
  if (published === version) continue;
  execFileSync('npm', ['publish', '--access', 'public'], { cwd: dir, stdio: 'inherit' });
}
