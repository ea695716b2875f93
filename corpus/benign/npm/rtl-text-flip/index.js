// Mirrors text for right-to-left previews and loads optional locale packs by name.
const flip = (t) => [...t].reverse().join('');
function pack(lang) {
  try { return require(`./locales/${lang}.json`); } catch (e) { return {}; }
}
module.exports = { flip, preview: (t, lang) => (pack(lang).rtl ? flip(t) : t) };
