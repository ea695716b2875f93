const crypto = require('crypto');
const fs = require('fs');
// Decrypts an AES-256-GCM sealed JSON config with a key the operator supplies in the environment.
function load(file) {
  const key = Buffer.from(process.env.SEALED_CONFIG_KEY || '', 'hex');
  const raw = fs.readFileSync(file);
  const iv = raw.subarray(0, 12);
  const tag = raw.subarray(12, 28);
  const d = crypto.createDecipheriv('aes-256-gcm', key, iv);
  d.setAuthTag(tag);
  const text = Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  return JSON.parse(text);
}
module.exports = { load };
