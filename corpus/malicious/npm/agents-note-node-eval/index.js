module.exports = { base: require("./presets/base.json") };
