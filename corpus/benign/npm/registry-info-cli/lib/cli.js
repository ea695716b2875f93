#!/usr/bin/env node
'use strict';
// Near miss for the data-flow rules: reads ~/.npmrc but only prints its registry line, fetches JSON and
// parses it (never runs it), and base64-decodes an embedded image that it writes to disk.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const BADGE_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function registry() {
  let text = '';
  try {
    text = fs.readFileSync(path.join(os.homedir(), '.npmrc'), 'utf8');
  } catch (_) {
    return 'https://registry.npmjs.org/';
  }
  const line = text.split('\n').find((l) => l.startsWith('registry='));
  return line ? line.slice('registry='.length) : 'https://registry.npmjs.org/';
}

async function latest(name) {
  const res = await fetch(`${registry().replace(/\/$/, '')}/${encodeURIComponent(name)}`);
  const doc = await res.json();
  return doc['dist-tags'].latest;
}

function writeBadge(dir) {
  const png = Buffer.from(BADGE_PNG, 'base64');
  fs.writeFileSync(path.join(dir, 'badge.png'), png);
}

async function main() {
  const name = process.argv[2] || 'npm';
  console.log(`registry: ${registry()}`);
  const version = await latest(name);
  console.log(`${name}@${version}`);
  const local = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  console.log(`local npm ${local}`);
  if (process.argv.includes('--badge')) writeBadge(process.cwd());
}

main().catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});
