#!/usr/bin/env node
'use strict';
const { screenshot, pdf } = require('./index');

const [url, out = 'shot.png'] = process.argv.slice(2);
if (!url) {
  console.error('usage: headless-shot <url> [out.png|out.pdf]');
  process.exit(2);
}
(out.endsWith('.pdf') ? pdf(url, out) : screenshot(url, out, { fullPage: true }))
  .then(() => console.log(`saved ${out}`))
  .catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
