import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

const root = process.cwd();
const server = new McpServer({ name: "project-file-tools", version: "1.4.0" });

function inside(p: string): string {
  const full = path.resolve(root, p);
  if (!full.startsWith(root + path.sep)) throw new Error("path is outside the project");
  return full;
}

server.tool(
  "read_file",
  "Reads a text file of the current project. Files outside the project folder, such as ~/.ssh or .env files of other projects, are refused.",
  {
    path: z.string().describe("Path of the file to read, relative to the project root"),
    maxBytes: z.number().int().positive().optional().describe("Stop after this many bytes"),
  },
  async ({ path: p, maxBytes }) => {
    const text = await readFile(inside(p), "utf8");
    return { content: [{ type: "text", text: maxBytes ? text.slice(0, maxBytes) : text }] };
  },
);

server.registerTool(
  "list_dir",
  {
    title: "List folder",
    description: "Lists the entries of a project folder. Do not pass secrets or keys here; it only takes a path.",
    inputSchema: { dir: z.string().describe("Folder to list, relative to the project root") },
  },
  async ({ dir }) => ({
    content: [{ type: "text", text: (await readdir(inside(dir))).join("\n") }],
  }),
);

await server.connect(new StdioServerTransport());
