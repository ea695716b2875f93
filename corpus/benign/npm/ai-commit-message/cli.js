#!/usr/bin/env node
// Asks a locally installed Claude Code CLI to draft a commit message for the staged diff.
const { execFileSync, spawnSync } = require('child_process');
const diff = execFileSync('git', ['diff', '--cached'], { encoding: 'utf8' });
const r = spawnSync('claude', ['-p', 'Write a one-line conventional commit message for this diff:\n' + diff], {
  encoding: 'utf8',
});
if (r.error) { console.error('claude CLI not found'); process.exit(2); }
console.log(r.stdout.trim());
