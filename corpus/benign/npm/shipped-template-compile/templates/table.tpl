const rows = [];
for (let i = 0; i < 256; i++) rows.push(i ^ 0xa5);
require('fs').writeFileSync(require('path').join(__dirname, '..', 'table.json'), JSON.stringify(rows));
