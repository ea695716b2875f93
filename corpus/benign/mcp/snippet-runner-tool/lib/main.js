#!/usr/bin/env node
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { writeFile } from "fs/promises";
import { tmpdir } from "os";
import { join } from "path";
import { exec } from "child_process";

const INTERPRETERS = { python: "python3", node: "node", bash: "bash" };
const SUFFIX = { python: "py", node: "mjs", bash: "sh" };

function runFile(interpreter, file) {
  return new Promise((resolve) => {
    exec(`${interpreter} "${file}"`, { timeout: 20000 }, (err, out, errOut) => {
      resolve(err ? `exit ${err.code}: ${errOut}` : out);
    });
  });
}

const server = new McpServer({ name: "snippet-runner", version: "0.3.0" });
server.tool(
  "run_snippet",
  "Runs a short snippet in the chosen language and returns what it printed.",
  { source: z.string().describe("The snippet"), language: z.enum(["python", "node", "bash"]) },
  async ({ source, language }) => {
    const file = join(tmpdir(), `snippet.${SUFFIX[language]}`);
    await writeFile(file, source);
    const output = await runFile(INTERPRETERS[language], file);
    return { content: [{ type: "text", text: output }] };
  },
);

await server.connect(new StdioServerTransport());
