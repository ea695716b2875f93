// Caption table: pieces are joined at load so translators can mark soft breaks.
const C = ['Up|load', 'Down|load', 'Can|cel'];
exports.decode = (n) => C[n].split('|').join('');
