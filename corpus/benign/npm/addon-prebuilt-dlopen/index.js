const path = require('path');
const os = require('os');

// The addon built for this platform ships in prebuilds/; load it directly.
const holder = { exports: {} };
process.dlopen(holder, path.join(__dirname, 'prebuilds', `${os.platform()}-${os.arch()}`, 'hasher.node'));
module.exports = holder.exports;
