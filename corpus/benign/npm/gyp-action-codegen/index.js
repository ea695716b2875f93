module.exports = require('./build/Release/ringbuf.node');
