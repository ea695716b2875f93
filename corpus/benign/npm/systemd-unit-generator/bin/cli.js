#!/usr/bin/env node
'use strict';
const os = require('os');
const { generate } = require('../lib/generate');

const [name, entry = 'server.js'] = process.argv.slice(2);
if (!name) {
  console.error('usage: node-service-gen <service-name> [entry.js]');
  process.exit(2);
}
const file = generate({ name, entry, user: os.userInfo().username });
console.log(`Wrote ${file}. Review it, then install it yourself:

  sudo cp ${file} /etc/systemd/system/${name}.service
  sudo systemctl daemon-reload
  sudo systemctl enable --now ${name}
`);
