'use strict';
// Public API: walk scopes of an ESTree program.
function analyze(ast) {
  const scopes = [];
  (function visit(node, depth) {
    if (!node || typeof node.type !== 'string') return;
    if (/Function|Program|Block/.test(node.type)) scopes.push({ type: node.type, depth });
    for (const key of Object.keys(node)) {
      const child = node[key];
      if (Array.isArray(child)) child.forEach((c) => visit(c, depth + 1));
      else if (child && typeof child === 'object') visit(child, depth + 1);
    }
  })(ast, 0);
  return scopes;
}

module.exports = { analyze };
