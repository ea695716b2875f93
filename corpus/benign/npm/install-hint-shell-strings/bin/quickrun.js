#!/usr/bin/env node
require('child_process').spawnSync(require('path').join(__dirname, 'quickrun-native'), process.argv.slice(2), { stdio: 'inherit' });
