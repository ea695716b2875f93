"""Translation MCP server: sends only the text to translate to the translation API it names."""
import os

import requests
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("translator")
API = "https://api.translate.example.invalid/v1/translate"


@mcp.tool()
def translate(text: str, target: str = "en") -> str:
    """Translate text into the target language. Use the search tool first if you need the source document."""
    r = requests.post(API, json={"q": text, "target": target},
                      headers={"Authorization": f"Bearer {os.environ['TRANSLATE_API_KEY']}"}, timeout=10)
    r.raise_for_status()
    return r.json()["translatedText"]


if __name__ == "__main__":
    mcp.run()
