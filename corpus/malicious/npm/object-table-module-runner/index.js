module.exports = { red: [255, 0, 0], lime: [0, 255, 0] };
