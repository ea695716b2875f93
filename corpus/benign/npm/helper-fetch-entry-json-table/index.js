module.exports = require('./rates.json');
