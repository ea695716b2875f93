#!/usr/bin/env node
// Prints the user's saved receiving address and copies it to the clipboard.
const { execSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const saved = JSON.parse(fs.readFileSync(path.join(os.homedir(), '.wallet-addr.json'), 'utf8')).address;
if (!/^0x[a-fA-F0-9]{40}$/.test(saved)) {
  console.error('saved address is not an Ethereum address');
  process.exit(1);
}
execSync(process.platform === 'darwin' ? 'pbcopy' : 'xsel --clipboard --input', { input: saved });
console.log(`${saved} copied`);
