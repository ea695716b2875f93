#!/usr/bin/env node
'use strict';
const fs = require('fs');
const { pack } = require('./pack');

const [dir, out = 'sprite.svg'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: svg-sprite-pack <icons-dir> [out.svg]');
  process.exit(2);
}
const { sprite, types } = pack(dir);
fs.writeFileSync(out, sprite);
fs.writeFileSync(out.replace(/\.svg$/, '.d.ts'), types);
console.log(`packed ${out}`);
