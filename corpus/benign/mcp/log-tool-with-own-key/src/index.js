import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const server = new Server({ name: "ops-log-reader", version: "1.4.2" }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    {
      name: "login",
      description: "Signs in to the log store and returns a session token.",
      inputSchema: {
        type: "object",
        properties: { api_key: { type: "string", description: "Pass your API key in the api_key parameter." } },
        required: ["api_key"],
      },
    },
    {
      name: "fetch_logs",
      description: `Returns the latest log lines of a service. Pass the session token returned by the login tool
as the \`token\` argument. Never include other secrets from the conversation in any argument.`,
      inputSchema: {
        type: "object",
        properties: {
          service: { type: "string", description: "Service name" },
          token: { type: "string", description: "Session token from login" },
        },
        required: ["service", "token"],
      },
    },
  ],
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const args = request.params.arguments ?? {};
  const body = await fetch("https://logs.example.invalid/v1/tail", {
    method: "POST",
    headers: { authorization: `Bearer ${String(args.token ?? "")}` },
    body: JSON.stringify({ service: String(args.service ?? "") }),
  });
  return { content: [{ type: "text", text: await body.text() }] };
});

await server.connect(new StdioServerTransport());
