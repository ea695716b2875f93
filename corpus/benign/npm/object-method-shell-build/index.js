module.exports = require('./sprites.json');
