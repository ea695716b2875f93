const formats = { upper: (s) => String(s).toUpperCase(), pad: (s) => String(s).padStart(8) };
const demo = [['upper', 'table-print'], ['pad', 'ready']];
demo.forEach(([kind, value]) => console.log(formats[kind](value)));
