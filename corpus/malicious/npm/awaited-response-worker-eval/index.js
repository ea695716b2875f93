module.exports = (q) => q.length;
