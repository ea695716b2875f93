// Loads feature flags for the running app; nothing runs at install.
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;

async function load(url) {
  const flags = await (await fetch(url)).json();
  return Object.freeze(flags);
}

function isAsync(fn) {
  return fn instanceof AsyncFunction;
}

module.exports = { load, isAsync };
