module.exports = require('./dist/index.min.js');
