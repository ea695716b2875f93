'use strict';
const binding = require('./build/Release/crc32c.node');

/**
 * Compute the CRC32C of `input`, optionally continuing from `seed`.
 * @param {Buffer|string} input
 * @param {number} [seed=0]
 * @returns {number}
 */
function crc32c(input, seed = 0) {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(String(input));
  return binding.calculate(buf, seed >>> 0);
}

module.exports = crc32c;
module.exports.crc32c = crc32c;
