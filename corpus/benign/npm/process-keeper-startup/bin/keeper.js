#!/usr/bin/env node
'use strict';
const { installStartup } = require('../lib/startup');

const [command] = process.argv.slice(2);
if (command === 'startup') {
  installStartup(process.execPath, __filename);
} else {
  console.log('usage: keeper startup');
}
