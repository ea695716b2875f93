const names = { red: '#f00', green: '#0f0', blue: '#00f' };
module.exports = (name) => names[name] || null;
