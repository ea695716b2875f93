module.exports = { base: { compilerOptions: { strict: true } } };
