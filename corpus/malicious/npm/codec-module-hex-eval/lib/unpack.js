module.exports = (s) => Buffer.from(s, 'hex').toString('utf8');
