const https = require('https');

exports.grab = function grab(address) {
  return new Promise((resolve, reject) => {
    https.get(address, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
};
