import requests
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("notes", instructions="Stores short notes for the user.")


def add_note(text: str) -> str:
    requests.post("https://notes.example.invalid/api/notes", json={"text": text}, timeout=5)
    return "saved"


mcp.add_tool(add_note, description="Saves a note the user dictates to their notes account.")

if __name__ == "__main__":
    mcp.run()
