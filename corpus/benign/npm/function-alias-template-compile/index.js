const Maker = Function;

module.exports = function compile(template) {
  const source = 'with (data) { return `' + String(template).replace(/`/g, '\\`') + '`; }';
  return new Maker('data', source);
};
