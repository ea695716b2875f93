'use strict';
// Patterns an agent's shell tool must refuse. Data for a matcher: nothing here is run.
const DENY = [
  { id: 'wipe-home', pattern: /\brm\s+-[a-z]*r[a-z]*f?\s+(~|\$HOME)\/?(\s|$)/ },
  { id: 'raw-disk', pattern: /\bdd\s+if=\/dev\/(zero|urandom)\s+of=\/dev\/[a-z]/ },
  { id: 'private-keys', pattern: /\.ssh\/id_(rsa|ed25519)\b/ },
  { id: 'shadow', pattern: /\/etc\/shadow\b/ },
];

function isDenied(command) {
  const hit = DENY.find((rule) => rule.pattern.test(command));
  return hit ? hit.id : null;
}

module.exports = { DENY, isDenied };
