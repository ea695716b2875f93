#!/usr/bin/env node
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const ROOT = path.resolve(process.env.WORKSPACE_ROOT ?? process.cwd());
const MAX_BYTES = 512 * 1024;

/** Resolve `rel` inside ROOT, refusing anything that escapes it. */
function insideWorkspace(rel) {
  const abs = path.resolve(ROOT, rel);
  if (abs !== ROOT && !abs.startsWith(ROOT + path.sep)) {
    throw new Error(`path escapes the workspace: ${rel}`);
  }
  return abs;
}

const text = (t) => ({ content: [{ type: 'text', text: t }] });

const server = new McpServer({ name: 'workspace-files', version: '1.3.0' });

server.tool('list_dir', 'List the entries of a folder inside the workspace.', { dir: z.string().default('.') }, async ({ dir }) => {
  const entries = await readdir(insideWorkspace(dir), { withFileTypes: true });
  return text(entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort().join('\n'));
});

server.tool('read_file', 'Read a UTF-8 text file inside the workspace (max 512 KiB).', { file: z.string() }, async ({ file }) => {
  const abs = insideWorkspace(file);
  const info = await stat(abs);
  if (info.size > MAX_BYTES) return text(`file too large (${info.size} bytes)`);
  return text(await readFile(abs, 'utf8'));
});

server.tool(
  'search_text',
  'Find lines containing a literal string in files under a workspace folder.',
  { needle: z.string().min(1), dir: z.string().default('.') },
  async ({ needle, dir }) => {
    const hits = [];
    async function walk(abs) {
      for (const e of await readdir(abs, { withFileTypes: true })) {
        if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
        const child = path.join(abs, e.name);
        if (e.isDirectory()) await walk(child);
        else if ((await stat(child)).size <= MAX_BYTES) {
          (await readFile(child, 'utf8')).split('\n').forEach((line, i) => {
            if (line.includes(needle) && hits.length < 200) hits.push(`${path.relative(ROOT, child)}:${i + 1}: ${line.trim()}`);
          });
        }
      }
    }
    await walk(insideWorkspace(dir));
    return text(hits.join('\n') || 'no matches');
  }
);

await server.connect(new StdioServerTransport());
