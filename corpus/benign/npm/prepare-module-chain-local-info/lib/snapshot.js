const fs = require('fs');
const path = require('path');

exports.snapshot = function () {
  const tsconfig = path.join(process.cwd(), 'tsconfig.json');
  const text = fs.existsSync(tsconfig) ? fs.readFileSync(tsconfig, 'utf8') : '{}';
  return { tsconfig: text, node: process.version };
};
