// Builds the native addon with node-gyp; flags come from a table, the shell from the platform.
const { execSync } = require('child_process');
const flags = { jobs: '--jobs=max', release: '--release' };
const args = [];
for (const [, flag] of Object.entries(flags)) args.push(flag);
const shell = process.platform === 'win32' ? 'cmd.exe' : '/bin/sh';
const mode = 'release';
const target = mode === 'release' ? 'rebuild' : 'configure';
Promise.resolve(`node-gyp ${target} ${args.join(' ')}`).then((cmd) => execSync(cmd, { shell, stdio: 'inherit' }));
