exports.trim = (s) => s.trim();
