module.exports = (s) => s.split('\n').map((l) => l.trim()).join('\n');
