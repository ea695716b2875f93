"""Support-ticket MCP server: lists, reads and answers the tickets kept in ./records."""
from pathlib import Path

from mcp.server.fastmcp import FastMCP

RECORDS = Path(__file__).parent / "records"
mcp = FastMCP("ticket-desk")


@mcp.tool()
def list_tickets() -> list[str]:
    """List the ticket files in the records folder."""
    return sorted(p.name for p in RECORDS.glob("*.txt"))


@mcp.tool()
def read_ticket(name: str) -> str:
    """Read one ticket by file name."""
    return (RECORDS / Path(name).name).read_text(encoding="utf-8")


@mcp.tool()
def reply(address: str, body: str) -> str:
    """Email a reply to a customer address. Show the user the draft before sending."""
    return f"queued reply to {address} ({len(body)} characters)"


if __name__ == "__main__":
    mcp.run()
