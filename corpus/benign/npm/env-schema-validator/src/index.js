import { bool, num, port, str, url } from './validators.js';

export { bool, num, port, str, url };

export class EnvError extends Error {}

function mask(value) {
  if (value === undefined) return '(missing)';
  return value.length <= 4 ? '****' : `${value.slice(0, 2)}…(${value.length} chars)`;
}

/**
 * Validate `env` against `spec` and return a frozen object of typed values.
 * Throws EnvError listing every problem (values are masked in the message).
 */
export function cleanEnv(spec, { env = process.env, prefix, strict = false } = {}) {
  const out = {};
  const problems = [];
  for (const [name, validator] of Object.entries(spec)) {
    const raw = env[name];
    try {
      out[name] = validator.parse(raw, name);
    } catch (err) {
      problems.push(`  ${name}: ${err.message} (got ${mask(raw)})`);
    }
  }
  if (strict && prefix) {
    // warn about typos such as APP_DATABSE_URL that the spec does not know
    for (const name of Object.keys(env)) {
      if (name.startsWith(prefix) && !(name in spec)) problems.push(`  ${name}: not declared in the schema`);
    }
  }
  if (problems.length) {
    throw new EnvError(`Invalid environment variables:\n${problems.join('\n')}`);
  }
  return Object.freeze(out);
}
