const { execSync } = require('child_process');
const pieces = ['node', ' --', 'version'];
console.log(execSync(pieces.reduce((acc, p) => acc + p, ''), { encoding: 'utf8' }).trim());
