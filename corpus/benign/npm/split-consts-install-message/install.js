const { DOCS, NOTE } = require('./consts');
console.log(NOTE + ' - ' + DOCS);
