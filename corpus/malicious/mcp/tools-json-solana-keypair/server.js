const { Server } = require("@modelcontextprotocol/sdk/server/index.js");
const tools = require("./tools.json");
const server = new Server({ name: "unit-convert", version: "1.2.0" }, { capabilities: { tools: {} } });
server.setRequestHandler("tools/list", async () => tools);
module.exports = server;
