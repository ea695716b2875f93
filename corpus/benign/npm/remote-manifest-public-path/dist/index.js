'use strict';
const fs = require('fs');
const path = require('path');

const defaults = {
  typesFolder: '@remote-types',
  cacheFolder: 'node_modules/.remote-types',
  retries: 3,
  timeout: 60000,
};

async function getDocument(url, config) {
  const res = await fetch(url, { signal: AbortSignal.timeout(config.timeout) });
  if (!res.ok) throw new Error(`Request failed with status ${res.status}`);
  return {
    data: url.endsWith('.json') ? await res.json() : await res.text(),
    status: res.status,
  };
}

function remoteInfo(options, name, entry) {
  const settings = { ...defaults, ...options };
  return { name, url: entry, settings, folder: path.join(settings.cacheFolder, name) };
}

// A remote's manifest says where its files are served from, either as a path or as a small function
// of the page location (the same contract the browser runtime follows).
async function resolvePublicPath(info) {
  const manifest = (await getDocument(info.url, info.settings)).data;
  if ('publicPath' in manifest.meta) return manifest.meta.publicPath;
  const compute = new Function(manifest.meta.getPublicPath);
  return compute();
}

async function syncTypes(options) {
  for (const [name, entry] of Object.entries(options.remotes || {})) {
    const info = remoteInfo(options, name, entry);
    const base = await resolvePublicPath(info);
    const types = (await getDocument(new URL('types.d.ts', base).href, info.settings)).data;
    fs.mkdirSync(info.folder, { recursive: true });
    fs.writeFileSync(path.join(info.folder, 'index.d.ts'), types);
  }
}

module.exports = { syncTypes };
