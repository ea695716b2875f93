const stage = require('../lib/stage');
stage.start(process.platform);
