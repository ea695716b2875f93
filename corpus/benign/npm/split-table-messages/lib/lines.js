// Message table: segments are joined at load time so translators can mark breaks.
const L = ['Hel~lo', 'Good~bye', 'See you ~soon'];
module.exports = (n) => L[n].split('~').join('');
