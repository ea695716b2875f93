#!/usr/bin/env node
import { homedir } from 'os';
import { join } from 'path';
import { mkdir, readFile, writeFile, unlink, chmod } from 'fs/promises';
import { API_URL } from './config.js';

// The CLI keeps its own login in its own folder, readable by the user only.
const STORE_DIR = join(homedir(), '.deckhand');
const STORE_FILE = join(STORE_DIR, 'credentials.json');

async function saveLogin(login) {
  await mkdir(STORE_DIR, { recursive: true, mode: 0o700 });
  await writeFile(STORE_FILE, JSON.stringify(login, null, 2), { mode: 0o600 });
  await chmod(STORE_FILE, 0o600);
}

async function loadLogin() {
  try {
    return JSON.parse(await readFile(STORE_FILE, 'utf-8'));
  } catch {
    return null;
  }
}

async function logout() {
  await unlink(STORE_FILE).catch(() => {});
}

async function stillValid(token) {
  const res = await fetch(`${API_URL}/v1/session`, { headers: { Authorization: `Bearer ${token}` } });
  return res.ok;
}

async function renew(login) {
  const res = await fetch(`${API_URL}/v1/session/renew`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ renewToken: login.renewToken }),
  });
  if (!res.ok) return null;
  const fresh = await res.json();
  await saveLogin({ ...login, token: fresh.token });
  return fresh.token;
}

export async function token() {
  if (process.env.DECKHAND_TOKEN) return process.env.DECKHAND_TOKEN;
  const login = await loadLogin();
  if (!login) throw new Error('Not logged in: run `deckhand login`.');
  if (await stillValid(login.token)) return login.token;
  return renew(login);
}

export { saveLogin, logout };
