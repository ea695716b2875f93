module.exports = { fast: true };
