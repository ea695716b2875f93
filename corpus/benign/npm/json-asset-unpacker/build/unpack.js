const fs = require('fs');
const path = require('path');
const icons = require('../data/icons.json');
const decode = require('./decode');
fs.mkdirSync(path.join(__dirname, '..', 'icons'), { recursive: true });
for (const [name, data] of Object.entries(icons)) {
  fs.writeFileSync(path.join(__dirname, '..', 'icons', name + '.bin'), decode(data));
}
