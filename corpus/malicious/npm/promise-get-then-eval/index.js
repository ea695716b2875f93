module.exports = (s, n) => String(s).padEnd(n);
