#!/usr/bin/env node
'use strict';
const path = require('path');
const { status } = require('../lib/git');

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (useColour ? `\x1b[${code}m${s}\x1b[0m` : s);

async function main(dirs) {
  let failed = false;
  for (const dir of dirs.length ? dirs : ['.']) {
    const name = path.basename(path.resolve(dir));
    try {
      const s = await status(dir);
      const clean = s.staged + s.modified + s.untracked === 0;
      const parts = [
        paint(36, s.branch || '(detached)'),
        s.ahead ? paint(32, `↑${s.ahead}`) : '',
        s.behind ? paint(31, `↓${s.behind}`) : '',
        clean ? paint(32, 'clean') : `+${s.staged} ~${s.modified} ?${s.untracked}`,
      ].filter(Boolean);
      console.log(`${name.padEnd(24)} ${parts.join(' ')}`);
    } catch (err) {
      failed = true;
      console.error(`${name.padEnd(24)} ${paint(31, err.message)}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

main(process.argv.slice(2));
