'use strict';
const fs = require('f' + 's');
const path = require('path');
const prefix = 'on';
const sep = String.fromCharCode(47);

function dispatch(handlers, name, payload) {
  const method = handlers[prefix + name[0].toUpperCase() + name.slice(1)];
  return method ? method.call(handlers, payload) : undefined;
}

for (const level of ['info', 'warn']) {
  console[level](`logger ${level} ready`);
}
const file = ['logs', 'events.log'].join(sep);
fs['append' + 'FileSync'](path.resolve(file), 'started\n');
module.exports = { dispatch };
