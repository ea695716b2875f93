module.exports = require('path').join(__dirname, 'fonts');
