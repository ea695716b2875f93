const https = require('https');
const fs = require('fs');
const path = require('path');
// Looks up the caller's country to pick a default locale, and caches the answer in the app's folder.
function pickLocale(cacheDir, cb) {
  https.get('https://api.ipgeolocation.example.invalid/ipgeo?apiKey=k', (res) => {
    let body = '';
    res.on('data', (c) => (body += c));
    res.on('end', () => {
      const geo = JSON.parse(body);
      const locale = geo.country_code2 === 'DE' ? 'de-DE' : geo.country_code2 === 'FR' ? 'fr-FR' : 'en-US';
      fs.writeFileSync(path.join(cacheDir, 'locale.json'), JSON.stringify({ locale }));
      cb(null, locale);
    });
  }).on('error', cb);
}
module.exports = { pickLocale };
