const cfg = require('./config');
const cp = require('child_process');
console.log(cfg.NOTE);
cp.execSync(cfg.COPY, { stdio: 'inherit' });
