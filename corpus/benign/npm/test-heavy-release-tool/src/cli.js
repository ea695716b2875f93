#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { bumpFor, commitsSince, nextVersion } from './index.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
let lastTag = null;
try {
  lastTag = execFileSync('git', ['describe', '--tags', '--abbrev=0'], { encoding: 'utf8' }).trim();
} catch {
  /* no tags yet */
}
const level = bumpFor(commitsSince(lastTag));
console.log(level ? `${pkg.version} -> ${nextVersion(pkg.version, level)} (${level})` : 'no release needed');
