module.exports = (xs) => xs.join('');
