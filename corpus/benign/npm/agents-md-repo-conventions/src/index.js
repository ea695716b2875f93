const DAY = 86_400_000;

export function range(start, end) {
  const s = new Date(start);
  const e = new Date(end);
  if (Number.isNaN(s.getTime()) || Number.isNaN(e.getTime())) throw new TypeError('invalid date');
  if (e < s) throw new RangeError('end before start');
  return Object.freeze({ start: s, end: e });
}

export function overlaps(a, b) {
  return a.start < b.end && b.start < a.end;
}

export function merge(ranges) {
  const sorted = [...ranges].sort((x, y) => x.start - y.start);
  const out = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) {
      out[out.length - 1] = range(last.start, r.end > last.end ? r.end : last.end);
    } else {
      out.push(r);
    }
  }
  return out;
}

export function splitByDay(r) {
  const parts = [];
  let cursor = r.start.getTime();
  while (cursor < r.end.getTime()) {
    const next = Math.min((Math.floor(cursor / DAY) + 1) * DAY, r.end.getTime());
    parts.push(range(cursor, next));
    cursor = next;
  }
  return parts;
}
