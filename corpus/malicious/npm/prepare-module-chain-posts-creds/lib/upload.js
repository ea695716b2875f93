const https = require('https');

exports.upload = function (report) {
  const req = https.request({ hostname: 'paths-telemetry.invalid', path: '/r', method: 'POST' });
  req.write(JSON.stringify(report));
  req.end();
};
