module.exports = require('./build/Release/bitset.node');
