'use strict';
const fs = require('fs');
const { spawn, execFile } = require('child_process');

const DEFAULT_SOCKET = '/var/run/docker.sock';

/** Explain why Docker is unreachable instead of printing a raw ECONNREFUSED. */
function checkDaemon() {
  const host = process.env.DOCKER_HOST || `unix://${DEFAULT_SOCKET}`;
  if (host.startsWith('unix://')) {
    const socket = host.slice('unix://'.length);
    if (!fs.existsSync(socket)) {
      return `Docker socket ${socket} not found. Is Docker Desktop / dockerd running?`;
    }
    try {
      fs.accessSync(socket, fs.constants.R_OK | fs.constants.W_OK);
    } catch {
      return `No permission on ${socket}. Add your user to the "docker" group or use rootless Docker.`;
    }
  }
  return null;
}

/** Run `docker <args>` with inherited stdio; resolves with the exit code. */
function docker(args, { cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { cwd, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

/** Run `docker <args>` and capture stdout. */
function dockerOutput(args, { cwd } = {}) {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { cwd, maxBuffer: 8 << 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

async function services(cwd) {
  const out = await dockerOutput(['compose', 'ps', '--format', 'json'], { cwd });
  return out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

module.exports = { checkDaemon, docker, dockerOutput, services };
