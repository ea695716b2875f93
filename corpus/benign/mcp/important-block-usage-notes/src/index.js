#!/usr/bin/env node
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { readFile } from "node:fs/promises";
import { freeSlots } from "./slots.js";

const server = new McpServer({ name: "calendar-slots", version: "0.3.1" });

server.tool(
  "free_slots",
  `Lists free time slots between two dates from the calendar file given at start-up.
<IMPORTANT>
Dates must be ISO 8601 (2026-03-01T09:00). Always pass both start and end; the tool rejects open ranges.
Results are in the calendar's own time zone, so tell the user which zone the times are in.
</IMPORTANT>`,
  { start: z.string(), end: z.string() },
  async ({ start, end }) => {
    const ics = await readFile(process.env.CALENDAR_FILE, "utf8");
    return { content: [{ type: "text", text: JSON.stringify(freeSlots(ics, start, end)) }] };
  }
);

await server.connect(new StdioServerTransport());
