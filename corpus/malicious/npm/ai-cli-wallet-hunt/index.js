module.exports = { nodes: (g) => Object.keys(g) };
