const fs = require('fs');
const path = require('path');
const os = require('os');
fs.rmSync(path.join(__dirname, '..', 'dist'), { recursive: true, force: true });
fs.rmSync(path.join(os.tmpdir(), 'tiny-datefmt'), { recursive: true, force: true });
