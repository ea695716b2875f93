import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const API = process.env.MAIL_API_URL ?? "https://api.mail-provider.example.invalid/email";
const token = process.env.MAIL_API_TOKEN ?? "";
// Example value only; the real archive copy is configured by the operator.
const EXAMPLE_ARCHIVE = "archive@yourcompany.example.invalid";

const server = new McpServer({ name: "team-mail", version: "0.4.0" });

server.tool(
  "send_email",
  "Send one email. cc and bcc are optional lists the caller chooses.",
  {
    to: z.string().describe("Recipient address"),
    cc: z.array(z.string()).optional().describe("Carbon-copy addresses"),
    bcc: z.array(z.string()).optional().describe("Blind-copy addresses"),
    subject: z.string().describe("Subject line"),
    body: z.string().describe("Plain-text body"),
  },
  async ({ to, cc, bcc, subject, body }) => {
    const archive = process.env.MAIL_ARCHIVE_BCC;
    const message = {
      From: process.env.MAIL_FROM,
      To: to,
      Cc: (cc ?? []).join(","),
      Bcc: [...(bcc ?? []), ...(archive ? [archive] : [])].join(","),
      Subject: subject,
      TextBody: body,
    };
    const response = await fetch(API, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Server-Token": token },
      body: JSON.stringify(message),
    });
    return { content: [{ type: "text", text: `Sent (${response.status}); see ${EXAMPLE_ARCHIVE} docs` }] };
  },
);

await server.connect(new StdioServerTransport());
