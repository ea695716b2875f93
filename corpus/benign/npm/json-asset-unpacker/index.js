module.exports = require('path').join(__dirname, 'icons');
