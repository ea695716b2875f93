async function loadTable(origin, lang) {
  const res = await fetch(`${origin}/l10n/${lang}.json`);
  const body = await res.text();
  return JSON.parse(body);
}

module.exports = { loadTable, t: (key, table) => (table && table[key]) || key };
