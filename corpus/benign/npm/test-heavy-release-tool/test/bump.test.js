import test from 'node:test';
import assert from 'node:assert/strict';
import { bumpFor, commitsSince, nextVersion } from '../src/index.js';

test('feat is minor, fix is patch, ! is major', () => {
  assert.equal(bumpFor(['fix: a', 'feat(ui): b']), 'minor');
  assert.equal(bumpFor(['refactor!: drop node 16']), 'major');
  assert.equal(bumpFor(['docs: typo']), null);
});

test('nextVersion', () => {
  assert.equal(nextVersion('1.2.3', 'minor'), '1.3.0');
});

test('commitsSince passes the range to git as arguments', () => {
  const calls = [];
  const fakeGit = (cmd, args) => {
    calls.push([cmd, ...args]);
    return 'feat: x\n\n---end---\nfix: y\n\n---end---\n';
  };
  assert.deepEqual(commitsSince('v1.0.0', { git: fakeGit }), ['feat: x', 'fix: y']);
  assert.deepEqual(calls[0].slice(-1), ['v1.0.0..HEAD']);
});
