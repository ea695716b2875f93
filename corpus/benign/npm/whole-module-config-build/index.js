module.exports = { rules: { 'no-trailing-spaces': true } };
