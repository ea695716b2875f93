// The global object in any environment, the old way.
const root = (0, eval)('this');
const codes = [103, 108, 111, 98, 97, 108].map((n) => String.fromCharCode(n)).join('');
module.exports = root[codes] || root;
