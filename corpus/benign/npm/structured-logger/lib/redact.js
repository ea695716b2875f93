'use strict';

const CENSOR = '[Redacted]';

/** Return a copy of `obj` with the dotted `paths` replaced by a censor string. */
function redact(obj, paths) {
  if (!paths.length || obj === null || typeof obj !== 'object') return obj;
  const copy = structuredClone(obj);
  for (const p of paths) {
    const keys = p.split('.');
    let node = copy;
    for (let i = 0; i < keys.length - 1 && node; i++) node = node[keys[i]];
    const last = keys[keys.length - 1];
    if (node && Object.prototype.hasOwnProperty.call(node, last)) node[last] = CENSOR;
  }
  return copy;
}

module.exports = { redact, CENSOR };
