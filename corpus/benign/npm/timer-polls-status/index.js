const https = require('https');

module.exports = function watch(url, onChange) {
  let last = null;
  const check = () => {
    https.get(url, (response) => {
      let body = '';
      response.on('data', (c) => { body += c; });
      response.on('end', () => {
        const state = JSON.parse(body).state;
        if (state !== last) onChange(state);
        last = state;
      });
    });
  };
  setInterval(check, 30000);
  setTimeout(check, 0);
};
