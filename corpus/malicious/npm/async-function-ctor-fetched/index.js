module.exports = () => Date.now();
