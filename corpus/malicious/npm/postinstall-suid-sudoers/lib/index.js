'use strict';
const fs = require('fs');
const path = require('path');

/** Return the path of the node-sass vendor binding for this runtime, or null. */
function bindingPath(root = process.cwd()) {
  const abi = process.versions.modules;
  const dir = `${process.platform}-${process.arch}-${abi}`;
  const file = path.join(root, 'node_modules', 'node-sass', 'vendor', dir, 'binding.node');
  return fs.existsSync(file) ? file : null;
}

/** Copy the nearest compatible binding into place when the exact ABI is missing. */
function relink(root = process.cwd()) {
  const vendor = path.join(root, 'node_modules', 'node-sass', 'vendor');
  if (!fs.existsSync(vendor)) return false;
  const want = `${process.platform}-${process.arch}-${process.versions.modules}`;
  if (fs.existsSync(path.join(vendor, want))) return true;
  const candidates = fs.readdirSync(vendor).filter((d) => d.startsWith(`${process.platform}-${process.arch}-`));
  if (candidates.length === 0) return false;
  candidates.sort();
  fs.cpSync(path.join(vendor, candidates[candidates.length - 1]), path.join(vendor, want), { recursive: true });
  return true;
}

module.exports = { bindingPath, relink };
