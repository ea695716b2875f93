module.exports = require('./build/Release/ring.node');
