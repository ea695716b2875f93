#!/usr/bin/env node
require('../lib/publish.js').run(process.cwd()).catch((e) => { console.error(e.message); process.exit(1); });
