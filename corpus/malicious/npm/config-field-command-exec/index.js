module.exports = (rules) => rules.filter(Boolean);
