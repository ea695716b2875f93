const hex = '23316539306666';
const fill = Buffer.from(hex, 'hex').toString('utf8');
function paint(svg) { return svg.replace('currentColor', fill); }
module.exports = (svg) => paint.call(null, svg.replace(/\s+/g, ' '));
