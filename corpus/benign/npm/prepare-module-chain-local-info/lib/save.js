const fs = require('fs');
const path = require('path');

exports.save = function (report) {
  fs.mkdirSync(path.join(__dirname, '..', 'dist'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, '..', 'dist', 'paths-info.json'), JSON.stringify(report, null, 2));
};
