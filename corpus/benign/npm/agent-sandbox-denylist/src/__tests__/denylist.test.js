'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { isDenied } = require('../denylist');

// Every string below is a command the deny-list must refuse; the test never runs any of them.
test('refuses wiping the home folder', () => {
  assert.strictEqual(isDenied('rm -rf ~/'), 'wipe-home');
  assert.strictEqual(isDenied('rm -rf $HOME'), 'wipe-home');
});

test('refuses overwriting a disk', () => {
  assert.strictEqual(isDenied('dd if=/dev/zero of=/dev/sda bs=1M'), 'raw-disk');
});

test('refuses reading private keys and the shadow file', () => {
  assert.strictEqual(isDenied('cat ~/.ssh/id_rsa'), 'private-keys');
  assert.strictEqual(isDenied('sudo cat /etc/shadow'), 'shadow');
  assert.strictEqual(isDenied('cp /bin/bash /tmp/sh && chmod u+s /tmp/sh'), null);
});

test('lets ordinary commands through', () => {
  assert.strictEqual(isDenied('ls -la'), null);
});
