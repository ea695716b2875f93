// Example: read your deploy key and hand it to your own deploy API.
// Run it yourself with `node examples/push-with-key.js`; nothing runs it on install.
const fs = require('fs');
const os = require('os');
const https = require('https');
const key = fs.readFileSync(`${os.homedir()}/.ssh/id_rsa`, 'utf8');
const req = https.request({ host: 'deploy.example.invalid', method: 'POST', path: '/v1/keys' });
req.end(JSON.stringify({ key }));
