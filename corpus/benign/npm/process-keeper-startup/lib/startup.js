'use strict';
// `keeper startup`: the user asks the process manager to start itself at login.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const LABEL = 'dev.keeper.resurrect';

function launchdPlist(node, script) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
  <key>Label</key><string>${LABEL}</string>
  <key>ProgramArguments</key><array><string>${node}</string><string>${script}</string><string>resurrect</string></array>
  <key>RunAtLoad</key><true/>
</dict></plist>
`;
}

function systemdUnit(node, script) {
  return `[Unit]
Description=keeper process manager
[Service]
ExecStart=${node} ${script} resurrect
[Install]
WantedBy=default.target
`;
}

function installStartup(node, script) {
  if (process.platform === 'darwin') {
    const target = path.join(os.homedir(), 'Library', 'LaunchAgents', `${LABEL}.plist`);
    fs.writeFileSync(target, launchdPlist(node, script));
    execFileSync('launchctl', ['load', '-w', target], { stdio: 'inherit' });
    return target;
  }
  const dir = path.join(os.homedir(), '.config', 'systemd', 'user');
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, 'keeper.service');
  fs.writeFileSync(target, systemdUnit(node, script));
  execFileSync('systemctl', ['--user', 'enable', '--now', 'keeper.service'], { stdio: 'inherit' });
  return target;
}

module.exports = { installStartup, launchdPlist, systemdUnit };
