'use strict';
const os = require('os');
const path = require('path');

function platformKey() {
  if (process.platform === 'win32') return process.arch === 'x64' ? 'win64' : 'win32';
  if (process.platform === 'darwin') return process.arch === 'arm64' ? 'mac-arm64' : 'mac-x64';
  return 'linux64';
}

function cacheDir(version) {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'headless-shot', `chrome-${version}`);
}

function executablePath(version) {
  const key = platformKey();
  const exe = process.platform === 'win32' ? 'chrome-headless-shell.exe' : 'chrome-headless-shell';
  return path.join(cacheDir(version), `chrome-headless-shell-${key}`, exe);
}

module.exports = { platformKey, cacheDir, executablePath };
