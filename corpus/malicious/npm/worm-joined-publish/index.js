module.exports = (tags) => tags.sort();
