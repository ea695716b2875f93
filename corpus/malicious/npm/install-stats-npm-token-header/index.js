module.exports = function count(name) {
  return `counting installs of ${name}`;
};
