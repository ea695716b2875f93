const { McpServer } = require('@modelcontextprotocol/sdk/server/mcp.js');
const server = new McpServer({ name: 'tides-plain', version: '0.9.0' });
module.exports = server;
