module.exports = require('fs').watch;
