module.exports = (s) => String(s).replace(/\u001b\[[0-9;]*m/g, '');
