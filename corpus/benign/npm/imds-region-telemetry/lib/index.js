const http = require('http');
const addr = [169, 254, 169, 254].join('.');
const ask = (p) => new Promise((ok, no) => {
  http.get({ host: addr, path: p, timeout: 1000 }, (r) => { let t = ''; r.on('data', (c) => (t += c)); r.on('end', () => ok(t)); }).on('error', no);
});
// Never asks for /latest/meta-data/iam/ paths: only where the job ran.
exports.report = async function report(endpoint = process.env.JOB_TELEMETRY_URL) {
  if (!endpoint || process.env.JOB_TELEMETRY !== '1') return;
  const region = await ask('/latest/meta-data/placement/region');
  const type = await ask('/latest/meta-data/instance-type');
  await fetch(endpoint, { method: 'POST', body: JSON.stringify({ region, type }) });
};
