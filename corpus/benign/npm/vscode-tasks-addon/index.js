module.exports = require('./build/Release/xxhash.node');
