module.exports = () => 'banner';
