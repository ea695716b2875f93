const W = ['ver^sion', 'pack^age.json', 'ba^nner'];
export function word(n) { return W[n].split('^').join(''); }
