const fs = require('fs');
const path = require('path');
const tpl = path.join(__dirname, '..', 'templates', 'table.tpl');
const src = fs.readFileSync(tpl, 'utf8');
module._compile(src, tpl);
