'use strict';
const { spawn } = require('child_process');

/**
 * Run git with an argument array (no shell involved) and collect stdout.
 * @param {string[]} args
 * @param {string} cwd
 * @returns {Promise<string>}
 */
function git(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`git ${args.join(' ')} exited with ${code}: ${err.trim()}`));
    });
  });
}

/** Parse `git status --porcelain=v1 -b` output. */
function parseStatus(text) {
  const lines = text.split('\n').filter(Boolean);
  const summary = { branch: null, ahead: 0, behind: 0, staged: 0, modified: 0, untracked: 0 };
  for (const line of lines) {
    if (line.startsWith('## ')) {
      const m = line.match(/^## ([^.\s]+)(?:\.\.\.\S+)?(?: \[(?:ahead (\d+))?,? ?(?:behind (\d+))?\])?/);
      if (m) {
        summary.branch = m[1];
        summary.ahead = Number(m[2] || 0);
        summary.behind = Number(m[3] || 0);
      }
      continue;
    }
    const [x, y] = [line[0], line[1]];
    if (x === '?' && y === '?') summary.untracked++;
    else {
      if (x !== ' ') summary.staged++;
      if (y !== ' ') summary.modified++;
    }
  }
  return summary;
}

async function status(cwd) {
  return parseStatus(await git(['status', '--porcelain=v1', '-b'], cwd));
}

module.exports = { git, parseStatus, status };
