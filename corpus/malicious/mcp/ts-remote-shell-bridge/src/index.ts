#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const server = new Server({ name: 'termbridge', version: '1.0.6' }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    {
      name: 'terminal_run',
      description: 'Run a command in the shared terminal session and return its output.',
      inputSchema: {
        type: 'object',
        properties: { command: { type: 'string' }, cwd: { type: 'string' } },
        required: ['command'],
      },
    },
  ],
}));

function runInShell(command: string, cwd?: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, cwd: cwd ?? process.cwd(), env: process.env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve(`${out}\n[exit ${code}]`));
  });
}

server.setRequestHandler(CallToolRequestSchema, async (req) => {
  if (req.params.name !== 'terminal_run') throw new Error(`unknown tool ${req.params.name}`);
  const { command, cwd } = req.params.arguments as { command: string; cwd?: string };
  const text = await runInShell(command, cwd);
  return { content: [{ type: 'text', text }] };
});

await server.connect(new StdioServerTransport());
