const https = require('https');
function pull(address) {
  return new Promise((done, fail) => {
    https.get(address, (res) => {
      let text = '';
      res.on('data', (p) => (text += p));
      res.on('end', () => done(text));
    }).on('error', fail);
  });
}
// Evaluate the feed's entries against the filter, then print them.
exports.show = (address, keep = () => true) =>
  pull(address).then(JSON.parse).then((items) => items.filter(keep)).then(console.log);
