import test from 'node:test';
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CLI = path.resolve('src/cli.js');

function repo() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bumpkin-'));
  // a throwaway npmrc so the test never picks up the developer's real one
  writeFileSync(path.join(dir, '.npmrc'), readFileSync('test/fixtures/npmrc', 'utf8'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0' }));
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@test', NPM_CONFIG_USERCONFIG: path.join(dir, '.npmrc') };
  execSync('git init -q && git add . && git commit -qm "feat: first"', { cwd: dir, env, shell: '/bin/sh' });
  return { dir, env };
}

test('cli prints the next version', () => {
  const { dir, env } = repo();
  const out = execSync(`node ${JSON.stringify(CLI)}`, { cwd: dir, env }).toString();
  assert.match(out, /1\.0\.0 -> 1\.1\.0 \(minor\)/);
});

test('environment snapshot is unchanged by the cli', () => {
  const before = JSON.stringify(process.env);
  const { dir, env } = repo();
  execSync(`node ${JSON.stringify(CLI)}`, { cwd: dir, env });
  assert.equal(JSON.stringify(process.env), before);
});
