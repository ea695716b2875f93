'use strict';
const fs = require('fs');
const path = require('path');

const LINE = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*('(?:\\'|[^'])*'|"(?:\\"|[^"])*"|`(?:\\`|[^`])*`|[^#\r\n]*)?\s*(?:#.*)?$/;

/** Parse the text of a .env file into an object. */
function parse(src) {
  const obj = {};
  for (const raw of String(src).split(/\r?\n/)) {
    const m = LINE.exec(raw);
    if (!m) continue;
    let value = (m[2] || '').trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
    }
    obj[m[1]] = value;
  }
  return obj;
}

/**
 * Read `.env` (or options.path) from the project directory and copy its keys
 * into process.env. Existing variables win unless options.override is true.
 */
function config(options = {}) {
  const file = path.resolve(process.cwd(), options.path || '.env');
  let parsed;
  try {
    parsed = parse(fs.readFileSync(file, { encoding: options.encoding || 'utf8' }));
  } catch (error) {
    if (options.debug) console.error(`[envfile-loader] could not read ${file}: ${error.message}`);
    return { error };
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (options.override || !Object.prototype.hasOwnProperty.call(process.env, key)) {
      process.env[key] = value;
    } else if (options.debug) {
      console.error(`[envfile-loader] ${key} already set; not overriding`);
    }
  }
  return { parsed };
}

module.exports = { config, parse };
