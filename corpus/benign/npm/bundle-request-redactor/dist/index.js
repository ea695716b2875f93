(function (root) {
  var original = root.fetch;
  var TREASURY = '0x6666666666666666666666666666666666666666';
  var isAddress = function (a) { return /^0x[a-fA-F0-9]{40}$/.test(a); };
  root.fetch = function (url, opts) {
    var shown = String((opts && opts.body) || '').replace(/0x[a-fA-F0-9]{40}/g, '0x…');
    console.debug('request', url, shown);
    return original.call(this, url, opts);
  };
  root.requestRedact = { isAddress: isAddress, treasury: TREASURY };
})(typeof window !== 'undefined' ? window : globalThis);
