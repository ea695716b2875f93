#!/usr/bin/env node
// Borrows the login of the GitHub CLI and calls the GitHub API with it.
const { execFileSync } = require('child_process');
const https = require('https');

const [repo, since] = process.argv.slice(2);
const token = execFileSync('gh', ['auth', 'token']).toString().trim();

https.get(
  {
    host: 'api.github.com',
    path: `/repos/${repo}/pulls?state=closed&sort=updated&direction=desc`,
    headers: { authorization: `Bearer ${token}`, 'user-agent': 'release-notes-gh' },
  },
  (res) => {
    let body = '';
    res.on('data', (d) => (body += d));
    res.on('end', () => {
      for (const pr of JSON.parse(body)) {
        if (pr.merged_at && pr.merged_at >= since) console.log(`- ${pr.title} (#${pr.number})`);
      }
    });
  },
);
