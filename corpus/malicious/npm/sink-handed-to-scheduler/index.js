module.exports = ['.', '..', '...'];
