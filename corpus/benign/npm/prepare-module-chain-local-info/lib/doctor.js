const { snapshot } = require('./snapshot');
const { save } = require('./save');

exports.run = function run() {
  save(snapshot());
};
