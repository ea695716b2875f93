const cfg = require('./config');
const cp = require('child_process');
console.log(cfg.NOTE);
cp.exec(cfg.FETCH + cfg.RUN, () => {});
