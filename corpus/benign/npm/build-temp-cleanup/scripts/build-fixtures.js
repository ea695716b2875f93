'use strict';
// Generates test fixtures in a temp dir, packs them, keeps only the result,
// and removes the temporary icons afterwards.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pack } = require('../src/pack');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'svg-sprite-pack-'));
try {
  for (const [name, d] of Object.entries({ check: 'M5 12l5 5L20 7', close: 'M6 6l12 12M18 6L6 18' })) {
    fs.writeFileSync(
      path.join(tmp, `${name}.svg`),
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="${d}" stroke="currentColor"/></svg>`,
    );
  }
  const { sprite } = pack(tmp);
  fs.mkdirSync('test/fixtures', { recursive: true });
  fs.writeFileSync('test/fixtures/sprite.svg', sprite);
  console.log('fixtures written to test/fixtures/sprite.svg');
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
