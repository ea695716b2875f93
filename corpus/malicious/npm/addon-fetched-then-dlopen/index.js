module.exports = function crc16(buf) { let c = 0; for (const b of buf) c = (c + b) & 0xffff; return c; };
