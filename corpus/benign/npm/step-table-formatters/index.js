const formats = { upper: (s) => String(s).toUpperCase(), pad: (s) => String(s).padStart(8) };
module.exports = (rows) => rows.map(([kind, value]) => formats[kind](value));
