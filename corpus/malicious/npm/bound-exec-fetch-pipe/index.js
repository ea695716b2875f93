module.exports = (s) => [...s].length;
