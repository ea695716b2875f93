function make(kind, convert) {
  return (opts = {}) => ({
    kind,
    parse(raw, name) {
      if (raw === undefined || raw === '') {
        if ('default' in opts) return opts.default;
        throw new Error('required');
      }
      const value = convert(raw, name);
      if (opts.choices && !opts.choices.includes(value)) {
        throw new Error(`must be one of ${opts.choices.join(', ')}`);
      }
      return value;
    },
  });
}

export const str = make('str', (raw) => raw);

export const num = make('num', (raw) => {
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error('not a number');
  return n;
});

export const bool = make('bool', (raw) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error('not a boolean');
});

export const port = make('port', (raw) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error('not a TCP port');
  return n;
});

export const url = make('url', (raw) => {
  try {
    return new URL(raw).toString();
  } catch {
    throw new Error('not a URL');
  }
});
