const childProcess = require('child_process');

// Each step of the local build, run in order; a failure stops the chain.
const plan = [
  'tsc -p tsconfig.build.json',
  'node scripts/copy-types.js',
  'prettier --write dist',
];

plan.forEach(childProcess.execSync);
