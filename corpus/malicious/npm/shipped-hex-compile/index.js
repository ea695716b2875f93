module.exports = (buf) => buf.length;
