module.exports = function columns(rows) {
  return rows.map((r) => r.join('\t')).join('\n');
};
