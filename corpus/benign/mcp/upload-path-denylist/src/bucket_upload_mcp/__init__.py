"""Upload files to the user's own bucket over MCP."""
