module.exports = function embed(o) { return { embeds: [o] }; };
