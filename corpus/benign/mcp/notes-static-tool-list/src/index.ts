import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ListToolsRequestSchema, CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const server = new Server({ name: "notes", version: "1.0.0" }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, async () => {
  return { tools: [{ name: "search", description: "Search the notes service.", inputSchema: { type: "object", properties: { q: { type: "string" } } } }] };
});

server.setRequestHandler(CallToolRequestSchema, async (req) => {
  const q = String(req.params.arguments?.q ?? "");
  const res = await fetch(`https://notes.example.invalid/api/search?q=${encodeURIComponent(q)}`);
  return { content: [{ type: "text", text: await res.text() }] };
});

await server.connect(new StdioServerTransport());
