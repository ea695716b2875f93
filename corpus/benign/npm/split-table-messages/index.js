const line = require('./lib/lines');
module.exports = { hello: () => line(0), bye: () => line(1), later: () => line(2) };
console.log(line(0));
