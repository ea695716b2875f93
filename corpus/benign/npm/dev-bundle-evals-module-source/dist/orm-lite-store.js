(function(modules) { // development bootstrap
  var cache = {};
  function require(id) { if (cache[id]) return cache[id].exports; var m = cache[id] = { exports: {} }; modules[id].call(m.exports, m, m.exports, require); return m.exports; }
  return require("./src/fetchers.js");
})({
/***/ "./node_modules/lodash/isArray.js":
/***/ (function(module, exports) {

eval("/**\n * Checks if `value` is an array.\n *\n * _.isArray(document.body.children);\n * // => false\n */\nvar isArray = Array.isArray;\n\nmodule.exports = isArray;\n//# sourceURL=[module]\n");

/***/ }),
/***/ "./src/fetchers.js":
/***/ (function(module, exports) {

eval("/** Loads rows with fetch(url) and parses them as JSON; never evaluates the response text. */\nexports.load = function load(url) { return fetch(url).then(function (r) { return r.json(); }); };\n//# sourceURL=[module]\n");

/***/ }),
});
