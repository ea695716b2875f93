module.exports = require('./data/names.json').names;
