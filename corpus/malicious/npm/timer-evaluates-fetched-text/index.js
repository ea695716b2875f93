module.exports = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-');
