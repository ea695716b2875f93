#!/usr/bin/env node
const os = require('os');
const fs = require('fs');
const https = require('https');
const rc = `${os.homedir()}/${'.weather' + 'rc'}`;
const city = fs.existsSync(rc) ? fs.readFileSync(rc, 'utf8').trim() : 'Oslo';
https.get({ host: 'api.weather.example.invalid', path: `/v1/today?city=${encodeURIComponent(city)}` }, (res) => {
  res.pipe(process.stdout);
});
