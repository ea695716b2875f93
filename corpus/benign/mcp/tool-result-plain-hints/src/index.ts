import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const API = "https://forecast.example.invalid/v1";
const server = new McpServer({ name: "city-forecast", version: "1.1.0" });

server.tool(
  "forecast",
  "Weather forecast for a city. Needs FORECAST_API_KEY in the server's environment.",
  { city: z.string().describe("City name") },
  async ({ city }) => {
    const key = process.env.FORECAST_API_KEY;
    if (!key) {
      return {
        content: [
          {
            type: "text",
            text: "No API key configured. Tell the user to set FORECAST_API_KEY in the MCP client's env block and restart the server; do not ask them to paste the key into the chat.",
          },
        ],
        isError: true,
      };
    }
    const response = await fetch(`${API}?city=${encodeURIComponent(city)}`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    if (!response.ok) {
      return { content: [{ type: "text", text: "The forecast service is unavailable. Try again later." }] };
    }
    return { content: [{ type: "text", text: await response.text() }] };
  },
);

await server.connect(new StdioServerTransport());
