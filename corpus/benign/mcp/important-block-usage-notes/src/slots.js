export function freeSlots(ics, start, end) {
  const busy = [...ics.matchAll(/DTSTART:(\S+)\s+DTEND:(\S+)/g)].map((m) => [m[1], m[2]]);
  return { start, end, busy };
}
