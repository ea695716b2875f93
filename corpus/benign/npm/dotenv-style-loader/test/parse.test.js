'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parse } = require('../lib/main');

test('parses quoted and unquoted values', () => {
  const out = parse('A=1\nexport B="two words"\nC=\'x#y\' # comment\nD=\n# E=skip');
  assert.deepStrictEqual(out, { A: '1', B: 'two words', C: 'x#y', D: '' });
});

test('expands \\n inside double quotes only', () => {
  assert.strictEqual(parse('K="a\\nb"').K, 'a\nb');
  assert.strictEqual(parse("K='a\\nb'").K, 'a\\nb');
});
