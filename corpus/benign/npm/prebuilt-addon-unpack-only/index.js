module.exports = require('./prebuilds/xxhash.node');
