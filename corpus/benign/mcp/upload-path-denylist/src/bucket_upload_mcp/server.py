"""A stdio MCP server with one tool: upload a file to the user's bucket through a presigned URL."""
import os

import httpx
from mcp.server.fastmcp import FastMCP

from .guard import check_upload_path

API = os.environ.get("BUCKET_API", "https://storage.example.invalid/v1")

mcp = FastMCP("bucket-upload")


@mcp.tool()
async def upload_file(path: str, key: str) -> str:
    """Upload one file from the user's project to their bucket under `key`."""
    resolved = check_upload_path(path)
    async with httpx.AsyncClient() as client:
        grant = await client.post(f"{API}/presign", json={"key": key})
        grant.raise_for_status()
        with open(resolved, "rb") as handle:
            response = await client.put(grant.json()["url"], content=handle.read())
        response.raise_for_status()
    return f"uploaded {os.path.basename(resolved)} as {key}"


def main() -> None:
    mcp.run()
