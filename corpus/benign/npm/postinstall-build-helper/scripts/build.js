// Builds the addon with node-gyp unless a prebuilt binary is already in place.
const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const prebuilt = path.join(__dirname, '..', 'build', 'Release', 'fasthash.node');

function build() {
  const result = spawnSync('node-gyp', ['rebuild'], { stdio: 'inherit', shell: process.platform === 'win32' });
  process.exitCode = result.status;
}

// Used by `npm run watch` during development only; never called at install.
function watch() {
  return spawn(process.execPath, [path.join(__dirname, 'watch.js')], { detached: true });
}

if (!fs.existsSync(prebuilt)) {
  build();
}
module.exports = { watch };
