const c = require('./lib/captions');
const path = require(c.decode(0) === 'Upload' ? 'path' : 'os');
module.exports = { buttons: () => [c.decode(0), c.decode(1), c.decode(2)], base: path.sep };
