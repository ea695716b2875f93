module.exports = (o) => o;
