#!/usr/bin/env node
'use strict';
const { probe, register } = require('../lib/probe');

const url = process.argv[2] || 'http://127.0.0.1:3000/healthz';
const timeout = Number(process.env.PROBE_TIMEOUT_MS || 2000);

(async () => {
  await register().catch(() => {});
  const ok = await probe(url, timeout);
  process.exit(ok ? 0 : 1);
})();
