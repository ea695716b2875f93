module.exports = (attempt) => Math.min(30000, 250 * 2 ** attempt);
