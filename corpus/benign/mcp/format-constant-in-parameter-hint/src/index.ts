import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const DATE_FORMAT = "YYYY-MM-DD";
const NOTES_FILE = "CHANGELOG.md";
const server = new McpServer({ name: "release-calendar", version: "0.9.2" });

server.tool(
  "plan_release",
  "Propose a release date after the last entry of the changelog.",
  {
    after: z.string().describe(`A date in ${DATE_FORMAT} format.`),
    notes: z.string().describe("The text of " + NOTES_FILE + " in the project root, if the user shared it."),
  },
  async ({ after }) => {
    const next = new Date(after);
    next.setDate(next.getDate() + 14);
    return { content: [{ type: "text", text: next.toISOString().slice(0, 10) }] };
  },
);

await server.connect(new StdioServerTransport());
