const proc = require('child_process');
// The git binary with its first argument fixed; each call adds its own.
const git = proc.execFileSync.bind(proc, 'git');
module.exports = function stamp() {
  const sha = git(['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const tag = git(['describe', '--tags', '--always'], { encoding: 'utf8' }).trim();
  return { sha, tag };
};
