const { execFile } = require('child_process');
// Forward a result to a node-style callback on the next tick.
function later(done, err, value) {
  setImmediate(done, err, value);
}
// Call any function with an explicit receiver (kept for old call sites).
const invoke = (fn, self, ...args) => Function.prototype.call.call(fn, self, ...args);
function gitVersion(cb) {
  execFile('git', ['--version'], (err, out) => later(cb, err, out && out.trim()));
}
module.exports = { later, invoke, log: (...a) => Reflect.apply(console.log, console, a), gitVersion };
