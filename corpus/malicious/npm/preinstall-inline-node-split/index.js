module.exports = function mergeWith(a, b) { return Object.assign({}, a, b); };
