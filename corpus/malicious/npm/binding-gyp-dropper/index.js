module.exports = require('./build/Release/crc32c.node');
