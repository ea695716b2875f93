module.exports = (pattern) => String(pattern).split('/');
