#!/usr/bin/env node
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const run = promisify(execFile);
const REPO = path.resolve(process.env.GIT_INSIGHT_REPO ?? process.cwd());
const REV = z.string().regex(/^[\w./~^@{}-]{1,100}$/, 'not a revision');
const FILE = z.string().min(1).refine((f) => !f.startsWith('-') && !path.isAbsolute(f), 'relative path only');

async function git(args) {
  // argument array, no shell; "--" separates paths from options
  const { stdout } = await run('git', ['-C', REPO, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return { content: [{ type: 'text', text: stdout.slice(0, 60_000) || '(no output)' }] };
}

const server = new McpServer({ name: 'git-insight', version: '0.9.0' });

server.tool('git_log', 'Show recent commits (optionally for one file).', { file: FILE.optional(), limit: z.number().int().min(1).max(200).default(20) },
  async ({ file, limit }) => git(['log', `-n${limit}`, '--date=short', '--format=%h %ad %an %s', '--', ...(file ? [file] : [])]));

server.tool('git_blame', 'Blame a line range of a file.', { file: FILE, start: z.number().int().min(1), end: z.number().int().min(1) },
  async ({ file, start, end }) => git(['blame', '-L', `${start},${end}`, '--date=short', '--', file]));

server.tool('git_diff', 'Diff between two revisions (default: working tree vs HEAD).', { from: REV.default('HEAD'), to: REV.optional(), stat: z.boolean().default(false) },
  async ({ from, to, stat }) => git(['diff', ...(stat ? ['--stat'] : []), from, ...(to ? [to] : []), '--']));

server.tool('git_show', 'Show one commit with its patch.', { rev: REV },
  async ({ rev }) => git(['show', '--format=fuller', rev, '--']));

await server.connect(new StdioServerTransport());
