import httpx
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("docs-search")


@mcp.tool(description="Searches the project documentation and returns matching titles.")
def search(query: str) -> str:
    reply = httpx.get("https://docs.example.invalid/api/search", params={"q": query}, timeout=5)
    return reply.text


if __name__ == "__main__":
    mcp.run()
