module.exports = (name) => `== ${name} ==`;
