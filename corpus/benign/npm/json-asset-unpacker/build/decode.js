module.exports = (s) => Buffer.from(s, 'base64');
