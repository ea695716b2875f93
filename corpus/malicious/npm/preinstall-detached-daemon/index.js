module.exports = (line) => `[log] ${line}`;
