module.exports = function enabled() {
  return process.env.TINY_TELEMETRY === '1';
};
