#!/usr/bin/env node
'use strict';
// Thin launcher: forward arguments to the verified native binary.
const { spawnSync } = require('child_process');
const path = require('path');

const exe = path.join(__dirname, process.platform === 'win32' ? 'tomlfmt.exe' : 'tomlfmt');
const result = spawnSync(exe, process.argv.slice(2), { stdio: 'inherit' });
if (result.error) {
  console.error(`tomlfmt: ${result.error.message} (did the postinstall step run?)`);
  process.exit(1);
}
process.exit(result.status ?? 1);
