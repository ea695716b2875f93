const say = console.log.bind(console, '[status]');
module.exports = () => fetch('https://status.example.invalid/now.txt')
  .then((res) => res.text())
  .then((txt) => say(txt));
