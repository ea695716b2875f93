'use strict';
// Download the prebuilt tomlfmt binary for this platform from the project's
// GitHub release and verify it against the SHA-256 pinned in checksums.json.
// The binary is only saved; it is not run during installation.
const crypto = require('crypto');
const fs = require('fs');
const https = require('https');
const path = require('path');

const { version, assets } = require('./checksums.json');
const RELEASE_BASE = `https://github.com/tomlfmt/tomlfmt/releases/download/v${version}`;

function assetName() {
  const ext = process.platform === 'win32' ? '.exe' : '';
  return `tomlfmt-${process.platform}-${process.arch}${ext}`;
}

function download(url, redirects = 5) {
  return new Promise((resolve, reject) => {
    https
      .get(url, { headers: { 'User-Agent': 'tomlfmt-bin-installer' } }, (res) => {
        if ([301, 302, 307, 308].includes(res.statusCode) && res.headers.location && redirects > 0) {
          res.resume();
          return resolve(download(res.headers.location, redirects - 1));
        }
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new Error(`GET ${url} -> HTTP ${res.statusCode}`));
        }
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
}

async function main() {
  const name = assetName();
  const expected = assets[name];
  if (!expected) {
    console.warn(`tomlfmt-bin: no prebuilt binary for ${name}; install tomlfmt with cargo instead.`);
    return;
  }
  const data = await download(`${RELEASE_BASE}/${name}`);
  const actual = crypto.createHash('sha256').update(data).digest('hex');
  if (actual !== expected) {
    throw new Error(`checksum mismatch for ${name}: expected ${expected}, got ${actual}`);
  }
  const dest = path.join(__dirname, 'bin', process.platform === 'win32' ? 'tomlfmt.exe' : 'tomlfmt');
  fs.writeFileSync(dest, data, { mode: 0o755 });
  console.log(`tomlfmt-bin: installed ${name} (${data.length} bytes, sha256 ok)`);
}

main().catch((err) => {
  console.error(`tomlfmt-bin: ${err.message}`);
  process.exitCode = 1;
});
