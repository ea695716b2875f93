'use strict';

const BROWSERS = [
  [/(edg|edge)\/([\w.]+)/i, 'Edge'],
  [/(opr)\/([\w.]+)/i, 'Opera'],
  [/(chrome)\/([\w.]+)/i, 'Chrome'],
  [/(firefox)\/([\w.]+)/i, 'Firefox'],
  [/version\/([\w.]+).*(safari)/i, 'Safari'],
];

const OSES = [
  [/windows nt ([\d.]+)/i, 'Windows'],
  [/mac os x ([\d_]+)/i, 'macOS'],
  [/android ([\d.]+)/i, 'Android'],
  [/(iphone|ipad).*os ([\d_]+)/i, 'iOS'],
  [/linux/i, 'Linux'],
];

function match(table, ua) {
  for (const [re, name] of table) {
    const m = ua.match(re);
    if (m) {
      const version = (m[2] || m[1] || '').replace(/_/g, '.');
      return { name, version: /\d/.test(version) ? version : undefined };
    }
  }
  return { name: undefined, version: undefined };
}

function UAParser(ua) {
  const s = String(ua || '');
  return { ua: s, browser: match(BROWSERS, s), os: match(OSES, s) };
}

module.exports = UAParser;
