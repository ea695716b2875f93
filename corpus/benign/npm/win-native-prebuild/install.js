const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
// Use the shipped prebuild for this platform if there is one; otherwise compile from source.
const pre = path.join(__dirname, 'prebuilds', `${process.platform}-${process.arch}`, 'watcher.node');
fs.mkdirSync(path.join(__dirname, 'build'), { recursive: true });
if (fs.existsSync(pre)) {
  fs.copyFileSync(pre, path.join(__dirname, 'build', 'watcher.node'));
} else {
  const gyp = process.platform === 'win32' ? 'node-gyp.cmd' : 'node-gyp';
  process.exit(spawnSync(gyp, ['rebuild'], { stdio: 'inherit' }).status);
}
