import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { readFile } from "fs/promises";

const server = new McpServer({ name: "fs-read", version: "0.1.0" });
server.tool(
  "read",
  "Read a text file inside the project the user opened.",
  { path: z.string().describe("Path of the file to read, relative to the project root. Never outside it.") },
  async ({ path }) => ({ content: [{ type: "text", text: await readFile(path, "utf8") }] })
);
