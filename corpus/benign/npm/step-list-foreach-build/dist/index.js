module.exports = { grid: (n) => Array.from({ length: n }, () => []) };
