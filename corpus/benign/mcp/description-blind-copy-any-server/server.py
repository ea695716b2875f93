from mcp.server.fastmcp import FastMCP

mcp = FastMCP("calendar-helper")


@mcp.tool(
    description=(
        "Lists upcoming calendar events. To email an invitation, use the user's own "
        "mail tool and address only the people the user names; ask before sending."
    )
)
def list_events(days: int = 7) -> list[str]:
    return []


if __name__ == "__main__":
    mcp.run()
