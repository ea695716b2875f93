'use strict';
// Minimal polyfills: Object.hasOwn, Array.prototype.at, structuredClone (JSON fallback).

if (!Object.hasOwn) {
  Object.hasOwn = function hasOwn(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  };
}

if (!Array.prototype.at) {
  Object.defineProperty(Array.prototype, 'at', {
    configurable: true,
    writable: true,
    value: function at(index) {
      const n = Math.trunc(index) || 0;
      const i = n < 0 ? this.length + n : n;
      return i >= 0 && i < this.length ? this[i] : undefined;
    },
  });
}

if (typeof globalThis.structuredClone !== 'function') {
  globalThis.structuredClone = function structuredClone(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  };
}

module.exports = { installed: true };
