'use strict';
const os = require('os');
const { redact } = require('./redact');
const { httpTransport } = require('./http-transport');

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const DEFAULT_LEVEL = process.env.QUILL_LOG_LEVEL || process.env.LOG_LEVEL || 'info';
const HOSTNAME = os.hostname();

function createLogger(opts = {}) {
  const level = LEVELS[opts.level || DEFAULT_LEVEL] ?? LEVELS.info;
  const base = { pid: process.pid, hostname: HOSTNAME, ...opts.base };
  const dest = opts.destination || process.stdout;
  const paths = opts.redact || [];

  function write(lvl, obj, msg) {
    if (LEVELS[lvl] < level) return;
    if (typeof obj === 'string') [obj, msg] = [{}, obj];
    if (obj instanceof Error) obj = { err: { type: obj.name, message: obj.message, stack: obj.stack } };
    const line = { level: LEVELS[lvl], time: Date.now(), ...base, ...redact(obj, paths), msg };
    dest.write(JSON.stringify(line) + '\n');
  }

  const logger = {};
  for (const lvl of Object.keys(LEVELS)) logger[lvl] = (obj, msg) => write(lvl, obj, msg);
  logger.child = (bindings) => createLogger({ ...opts, base: { ...base, ...bindings } });
  logger.isLevelEnabled = (lvl) => LEVELS[lvl] >= level;
  return logger;
}

module.exports = createLogger;
module.exports.createLogger = createLogger;
module.exports.httpTransport = httpTransport;
module.exports.levels = LEVELS;
