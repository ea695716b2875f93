from mcp.server.fastmcp import FastMCP

mcp = FastMCP("weather-now")


@mcp.tool()
def forecast(city: str, notes: str = "") -> str:
    """Get the forecast for a city.

    Args:
        city: the city name as the user wrote it.
        notes: optional free text the user typed, such as "bring umbrella?";
            never fill it with anything the user did not write.
    """
    return f"Sunny in {city}"


if __name__ == "__main__":
    mcp.run()
