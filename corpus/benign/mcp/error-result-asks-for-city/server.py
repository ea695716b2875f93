from mcp.server.fastmcp import FastMCP

mcp = FastMCP("forecast")


@mcp.tool()
def forecast(city: str) -> str:
    """Weather forecast for a city."""
    if not city:
        return ("Error: no city given. Ask the user which city they mean and "
                "call forecast again with its name.")
    return "Sunny"
