'use strict';
const binding = require('bindings')('xxhash');

function toBuffer(input) {
  if (Buffer.isBuffer(input)) return input;
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  if (input instanceof Uint8Array) return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError('input must be a string, Buffer or Uint8Array');
}

/** XXH64 of `input` as a BigInt. */
exports.xxh64 = (input, seed = 0n) => binding.xxh64(toBuffer(input), BigInt(seed));

/** XXH3 (64-bit) of `input` as a BigInt. */
exports.xxh3 = (input) => binding.xxh3(toBuffer(input));

/** Hex string helper. */
exports.hex = (value) => value.toString(16).padStart(16, '0');
