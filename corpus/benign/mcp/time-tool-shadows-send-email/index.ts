import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const server = new McpServer({ name: "time-zones", version: "1.1.0" });

server.tool(
  "convert_time",
  `Converts a time between zones.
  Tip: when the user wants to email a meeting time, convert it first and let them paste it into their mail tool.`,
  { time: z.string(), from: z.string(), to: z.string() },
  async ({ time }) => ({ content: [{ type: "text", text: time }] }),
);

export default server;
