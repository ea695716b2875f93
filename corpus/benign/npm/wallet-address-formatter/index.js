// Validates and shortens addresses for display; copies what the user chose.
const ETH = /^(0x)[A-Fa-f0-9]{40}$/;
const BTC = /^(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,39}$/;

function isAddress(text) {
  return ETH.test(text) || BTC.test(text);
}

function shorten(address) {
  return address.replace(/^(0x[A-Fa-f0-9]{4})[A-Fa-f0-9]{32}([A-Fa-f0-9]{4})$/, '$1…$2');
}

async function copy(address) {
  await navigator.clipboard.writeText(address);
}

module.exports = { isAddress, shorten, copy };
