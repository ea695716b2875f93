'use strict';
const chalk = require('chalk');

const TAG = /\{(\w+(?:\.\w+)*)\s+([^{}]*)\}/g;

function applyStyle(path, text) {
  let style = chalk;
  for (const part of path.split('.')) {
    if (typeof style[part] !== 'function') return text;
    style = style[part];
  }
  return style(text);
}

function template(strings, ...values) {
  let raw = strings[0];
  values.forEach((v, i) => {
    raw += String(v) + strings[i + 1];
  });
  let prev;
  do {
    prev = raw;
    raw = raw.replace(TAG, (_, style, text) => applyStyle(style, text));
  } while (raw !== prev);
  return raw;
}

module.exports = template;
module.exports.applyStyle = applyStyle;
