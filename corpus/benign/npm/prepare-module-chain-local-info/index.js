module.exports = function resolvePaths(config) {
  return Object.assign({}, config && config.paths);
};
