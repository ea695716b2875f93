module.exports = (svg) => svg.replace(/\s+/g, ' ');
