import { refreshZones } from './zones.js';

const fmtCache = new Map();

function formatter(timeZone) {
  let f = fmtCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    fmtCache.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at `date`, in minutes (e.g. 60 for CET in winter). */
export function offsetMinutes(timeZone, date = new Date()) {
  refreshZones();
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return Math.round((asUtc - date.getTime()) / 60000);
}

/** "+01:00"-style string for `timeZone` at `date`. */
export function offsetString(timeZone, date = new Date()) {
  const m = offsetMinutes(timeZone, date);
  const sign = m < 0 ? '-' : '+';
  const abs = Math.abs(m);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
