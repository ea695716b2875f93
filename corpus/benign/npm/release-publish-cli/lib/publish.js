const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

// Bumps the patch version of the project in `dir` and publishes it with the CI token.
async function run(dir) {
  const token = process.env.NPM_TOKEN;
  if (!token) throw new Error('NPM_TOKEN is not set');
  const pj = path.join(dir, 'package.json');
  const meta = JSON.parse(fs.readFileSync(pj, 'utf8'));
  const res = await fetch('https://registry.npmjs.org/' + encodeURIComponent(meta.name), {
    headers: { Authorization: 'Bearer ' + token },
  });
  const latest = res.ok ? (await res.json())['dist-tags'].latest : '0.0.0';
  const v = latest.split('.');
  v[2] = String(Number(v[2]) + 1);
  meta.version = v.join('.');
  fs.writeFileSync(pj, JSON.stringify(meta, null, 2) + '\n');
  execFileSync('npm', ['publish'], { cwd: dir, stdio: 'inherit', env: { ...process.env, NODE_AUTH_TOKEN: token } });
}
module.exports = { run };
