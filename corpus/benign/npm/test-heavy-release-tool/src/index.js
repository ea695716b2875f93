import { execFileSync } from 'node:child_process';

const TYPES = { feat: 'minor', fix: 'patch', perf: 'patch' };
const ORDER = ['patch', 'minor', 'major'];

export function commitsSince(tag, { cwd = process.cwd(), git = execFileSync } = {}) {
  const range = tag ? [`${tag}..HEAD`] : [];
  const out = git('git', ['log', '--format=%s%n%b%n---end---', ...range], { cwd, encoding: 'utf8' });
  return out.split('---end---').map((c) => c.trim()).filter(Boolean);
}

export function bumpFor(messages) {
  let level = null;
  for (const msg of messages) {
    const m = /^(\w+)(\([^)]*\))?(!)?:/.exec(msg);
    let l = m ? TYPES[m[1]] : null;
    if ((m && m[3]) || /^BREAKING CHANGE:/m.test(msg)) l = 'major';
    if (l && (!level || ORDER.indexOf(l) > ORDER.indexOf(level))) level = l;
  }
  return level;
}

export function nextVersion(current, level) {
  const [maj, min, pat] = current.split('.').map(Number);
  if (level === 'major') return `${maj + 1}.0.0`;
  if (level === 'minor') return `${maj}.${min + 1}.0`;
  if (level === 'patch') return `${maj}.${min}.${pat + 1}`;
  return current;
}
