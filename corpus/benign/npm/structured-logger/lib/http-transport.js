'use strict';

/**
 * A destination that batches log lines and POSTs them to a collector you run
 * (Loki, Vector, Logstash HTTP input...). Nothing is sent unless you create
 * one and pass it as `destination`.
 */
function httpTransport({ url, headers = {}, batchSize = 100, flushMs = 2000 }) {
  if (!url) throw new Error('httpTransport: url is required');
  let buffer = [];
  let timer = null;

  async function flush() {
    clearTimeout(timer);
    timer = null;
    if (buffer.length === 0) return;
    const body = buffer.join('');
    buffer = [];
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...headers }, body });
    } catch (err) {
      process.stderr.write(`quill-log: transport error: ${err.message}\n`);
    }
  }

  return {
    write(line) {
      buffer.push(line);
      if (buffer.length >= batchSize) flush();
      else if (!timer) timer = setTimeout(flush, flushMs).unref();
    },
    flush,
  };
}

module.exports = { httpTransport };
