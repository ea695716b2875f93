module.exports = { primary: '#224466' };
