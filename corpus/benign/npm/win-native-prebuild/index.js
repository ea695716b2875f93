module.exports = require('./build/watcher.node');
