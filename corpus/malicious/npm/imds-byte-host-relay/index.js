module.exports = () => process.uptime();
