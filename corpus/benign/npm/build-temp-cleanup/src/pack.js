'use strict';
const fs = require('fs');
const path = require('path');
const { optimize } = require('svgo');

function symbolFrom(name, svg) {
  const viewBox = /viewBox="([^"]+)"/.exec(svg)?.[1] ?? '0 0 24 24';
  const inner = svg.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  return `<symbol id="${name}" viewBox="${viewBox}">${inner}</symbol>`;
}

function pack(dir) {
  const names = [];
  const symbols = fs.readdirSync(dir).filter((f) => f.endsWith('.svg')).sort().map((file) => {
    const name = path.basename(file, '.svg');
    names.push(name);
    const { data } = optimize(fs.readFileSync(path.join(dir, file), 'utf8'), { multipass: true });
    return symbolFrom(name, data);
  });
  const sprite = `<svg xmlns="http://www.w3.org/2000/svg" style="display:none">${symbols.join('')}</svg>`;
  const types = `export type IconName =\n${names.map((n) => `  | '${n}'`).join('\n')};\n`;
  return { sprite, types };
}

module.exports = { pack };
