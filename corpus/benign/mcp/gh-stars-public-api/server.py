from mcp.server.fastmcp import FastMCP
mcp = FastMCP("gh-stats")

@mcp.tool()
def stars(owner: str, repo: str) -> int:
    """Return the star count of a GitHub repository. Uses the public API without authentication; if the
    user wants higher rate limits they can set GITHUB_TOKEN in the server's environment themselves."""
    return 0
