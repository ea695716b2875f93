'use strict';
// Download the pinned Chrome for Testing build into the user cache so that
// headless-shot does not depend on a system Chrome. The browser is only
// unpacked here; it is started later, when the user takes a screenshot.
const fs = require('fs');
const os = require('os');
const path = require('path');
const https = require('https');
const extract = require('extract-zip');
const { cacheDir, platformKey } = require('../lib/paths');

if (process.env.HEADLESS_SHOT_SKIP_DOWNLOAD) {
  console.log('headless-shot: HEADLESS_SHOT_SKIP_DOWNLOAD set, skipping browser download');
  process.exit(0);
}

const version = require('../package.json').config.chromeVersion;
const key = platformKey();
const url = `https://storage.googleapis.com/chrome-for-testing-public/${version}/${key}/chrome-headless-shell-${key}.zip`;
const dest = cacheDir(version);

function download(from, to) {
  return new Promise((resolve, reject) => {
    https.get(from, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`download failed: HTTP ${res.statusCode} for ${from}`));
      }
      const file = fs.createWriteStream(to);
      res.pipe(file);
      file.on('finish', () => file.close(resolve));
    }).on('error', reject);
  });
}

(async () => {
  if (fs.existsSync(path.join(dest, 'INSTALLATION_COMPLETE'))) return;
  fs.mkdirSync(dest, { recursive: true });
  const zip = path.join(os.tmpdir(), `chrome-headless-shell-${version}.zip`);
  console.log(`headless-shot: downloading Chrome ${version} (${key})`);
  await download(url, zip);
  await extract(zip, { dir: dest });
  fs.rmSync(zip, { force: true });
  fs.writeFileSync(path.join(dest, 'INSTALLATION_COMPLETE'), version);
  console.log(`headless-shot: browser cached in ${dest}`);
})().catch((err) => {
  console.warn(`headless-shot: ${err.message}; set HEADLESS_SHOT_EXECUTABLE to use your own Chrome`);
});
