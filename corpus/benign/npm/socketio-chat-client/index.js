const io = require('socket.io-client');
const fs = require('fs');

// Joins a chat room and relays messages; attachments are files the user picks.
function connect(url, room, onMessage) {
  const sock = io(url, { reconnection: true });
  sock.on('connect', () => sock.emit('join', room));
  sock.on('message', (m) => onMessage(m));
  return {
    say: (text) => sock.emit('message', { room, text }),
    attach: (file) => sock.emit('attachment', { room, name: file, data: fs.readFileSync(file).toString('base64') }),
    close: () => sock.close(),
  };
}
module.exports = { connect };
