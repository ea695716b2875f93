#!/usr/bin/env node
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const micromatch = require('micromatch');

const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const config = pkg['lint-staged'] || {};

const staged = execFileSync('git', ['diff', '--cached', '--name-only', '--diff-filter=ACMR'], {
  cwd: root,
  encoding: 'utf8',
}).split('\n').filter(Boolean);

let failed = false;
for (const [pattern, commands] of Object.entries(config)) {
  const files = micromatch(staged, pattern, { matchBase: true });
  if (files.length === 0) continue;
  for (const command of [].concat(commands)) {
    const [bin, ...args] = command.split(/\s+/);
    const res = spawnSync(bin, [...args, ...files], { cwd: root, stdio: 'inherit' });
    if (res.status !== 0) failed = true;
  }
}
if (!failed) execFileSync('git', ['add', '--', ...staged], { cwd: root });
process.exit(failed ? 1 : 0);
