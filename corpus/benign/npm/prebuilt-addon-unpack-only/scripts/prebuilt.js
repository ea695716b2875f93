// Unpacks the prebuilt addon for this platform from the project's own release; nothing is started.
const https = require('https');
const path = require('path');
const zlib = require('zlib');
const tar = require('tar');
const { version } = require('../package.json');
const dir = path.join(__dirname, '..', 'prebuilds');
const url = `https://github.com/fast-xxhash/addon/releases/download/v${version}/${process.platform}-${process.arch}.tar.gz`;
https.get(url, (res) => {
  if (res.statusCode !== 200) return console.warn('no prebuilt binary; falling back to node-gyp');
  res.pipe(zlib.createGunzip()).pipe(tar.x({ cwd: dir }));
});
