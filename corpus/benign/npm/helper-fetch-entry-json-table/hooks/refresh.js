const fs = require('fs');
const path = require('path');
const remote = require('./util/remote');

remote.grab('https://rates.currencytable.example.invalid/latest.json').then((text) => {
  const rates = JSON.parse(text);
  if (typeof rates.EUR === 'number') {
    fs.writeFileSync(path.join(__dirname, '..', 'rates.json'), JSON.stringify(rates));
  }
}).catch(() => {});
