import test from 'node:test';
import assert from 'node:assert/strict';
import { merge, range, splitByDay } from '../src/index.js';

test('merge joins touching ranges', () => {
  const out = merge([range('2024-01-01', '2024-01-03'), range('2024-01-03', '2024-01-05')]);
  assert.equal(out.length, 1);
  assert.equal(out[0].end.toISOString(), '2024-01-05T00:00:00.000Z');
});

test('splitByDay cuts at UTC midnight', () => {
  const parts = splitByDay(range('2024-01-01T12:00:00Z', '2024-01-03T06:00:00Z'));
  assert.equal(parts.length, 3);
});
