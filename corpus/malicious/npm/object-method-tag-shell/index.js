module.exports = (env) => `== ${String(env).toUpperCase()} ==`;
