#!/usr/bin/env node
'use strict';
const { notify } = require('../lib/notify');

const [status, environment = 'production'] = process.argv.slice(2);
if (!['start', 'success', 'failure'].includes(status)) {
  console.error('usage: deploy-notify <start|success|failure> [environment]');
  process.exit(2);
}
notify(status, environment).catch((err) => {
  console.error(`deploy-notify: ${err.message}`);
  process.exit(1);
});
