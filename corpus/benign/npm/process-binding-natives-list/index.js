let builtins = [];
try {
  builtins = Object.keys(process.binding('natives'));
} catch (e) {
  builtins = require('module').builtinModules;
}

module.exports = function walk(dir) { return builtins.includes(dir) ? [] : [dir]; };
