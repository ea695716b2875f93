module.exports = function check(schema, env = process.env) {
  return Object.keys(schema).filter((k) => !(k in env));
};
