const { execSync } = require('child_process');
const { version } = require('../package.json');

function sh(strings, ...values) {
  return execSync(String.raw({ raw: strings }, ...values), { encoding: 'utf8' }).trim();
}

const branch = sh`git rev-parse --abbrev-ref HEAD`;
if (branch !== 'main') throw new Error('release from main only');
sh`git tag v${version}`;
console.log(`tagged v${version} on ${branch}`);
