#!/usr/bin/env node
console.log(require('child_process').execFileSync('git', ['branch', '--color'], { encoding: 'utf8' }));
