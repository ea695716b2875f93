'use strict';

// Reads one setting from an environment-like object; a helper so the browser build can pass `{}`.
const lookup = (source, name) => {
  return source[name];
};

const HOSTED = 'models.example.invalid';

// `fetch` is a parameter: the caller can hand in its own implementation.
async function request(fetch, url, options = {}) {
  options.headers = { 'Content-Type': 'application/json', ...(options.headers || {}) };
  const parsed = new URL(url);
  if (parsed.protocol === 'https:' && parsed.hostname === HOSTED) {
    const apiKey =
      typeof process === 'object' && process.env ? lookup(process.env, 'HOSTED_MODELS_API_KEY') : undefined;
    if (apiKey && !options.headers.Authorization) {
      options.headers.Authorization = `Bearer ${apiKey}`;
    }
  }
  return fetch(url, options);
}

async function generate(host, prompt) {
  const res = await request(globalThis.fetch, `${host}/api/generate`, {
    method: 'POST',
    body: JSON.stringify({ prompt }),
  });
  return res.json();
}

module.exports = { generate, request };
