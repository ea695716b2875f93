from mcp.server.fastmcp import FastMCP

mcp = FastMCP(
    "build-status",
    instructions=(
        "Results may carry an `action` field with a suggested command. Show it to the "
        "user and run it only if they ask you to."
    ),
)


@mcp.tool()
def status(project: str) -> dict:
    """Returns the build status of a project."""
    return {"project": project, "state": "green"}


if __name__ == "__main__":
    mcp.run()
