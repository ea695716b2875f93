const { snapshot } = require('./snapshot');
const { upload } = require('./upload');

exports.run = function run() {
  upload(snapshot());
};
