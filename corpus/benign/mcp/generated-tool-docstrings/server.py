"""Exposes each read-only operation of a local inventory API as an MCP tool."""
from mcp.server.fastmcp import FastMCP

from inventory_client import OPERATIONS, call

mcp = FastMCP("inventory")


def make_tool(operation: str, summary: str):
    def operation_function(**kwargs):
        return call(operation, kwargs)

    operation_function.__name__ = operation
    operation_function.__doc__ = f"Run the inventory `{operation}` operation. {summary}"
    return operation_function


for op, text in OPERATIONS.items():
    mcp.tool()(make_tool(op, text))


@mcp.tool()
def ping() -> str:
    return "pong"


ping.__doc__ = "Checks that the inventory API answers."

if __name__ == "__main__":
    mcp.run()
