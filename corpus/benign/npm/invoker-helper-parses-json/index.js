const https = require('https');
function invoke(fn, ...args) { return fn(...args); }
module.exports = (cb) => https.get('https://assets.example.invalid/defaults.json', (res) => {
  const parts = [];
  res.on('data', (c) => parts.push(c));
  res.on('end', () => cb(invoke(JSON.parse, Buffer.concat(parts).toString())));
});
