const http = require('http');
const port = Number(process.env['npm_package_config_port'] || 4173);
http.createServer((req, res) => res.end('ok')).listen(port);
