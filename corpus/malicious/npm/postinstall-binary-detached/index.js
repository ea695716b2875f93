module.exports = function session() { return (req, res, next) => next(); };
