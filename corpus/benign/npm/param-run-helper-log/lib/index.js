module.exports = (s) => '\u001b[32m' + s + '\u001b[0m';
