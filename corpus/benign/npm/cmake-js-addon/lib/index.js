'use strict';
const { Transform } = require('stream');
const native = require('../build/Release/zstd_stream_native.node');

function compress(buf, level = 3) {
  return native.compress(Buffer.from(buf), level);
}

function decompress(buf) {
  return native.decompress(Buffer.from(buf));
}

/** Whole-buffer streaming helper: collects input and emits one zstd frame. */
function createCompressStream(level = 3) {
  const chunks = [];
  return new Transform({
    transform(chunk, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
    flush(cb) {
      try {
        this.push(compress(Buffer.concat(chunks), level));
        cb();
      } catch (err) {
        cb(err);
      }
    },
  });
}

module.exports = { compress, decompress, createCompressStream };
