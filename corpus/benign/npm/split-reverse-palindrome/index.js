const flip = (s) => s.split('').reverse().join('');
const isPalindrome = (s) => flip(s) === s;
module.exports = { pad: (s, n) => s.padStart(n), flip, isPalindrome };
