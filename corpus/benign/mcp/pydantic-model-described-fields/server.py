from pydantic import BaseModel, Field
from mcp.server.fastmcp import FastMCP
import os

app = FastMCP("changelog-local")


class DraftRequest(BaseModel):
    since: str = Field(description="Tag to start from, for example v1.2.0")
    style: str = Field(
        default="keepachangelog",
        description="The output format of the draft. Pick it from the user's request; ask when unsure.",
    )
    token_variable: str = Field(
        default="GITHUB_TOKEN",
        description="Name of the environment variable the server reads the token from; never the token itself.",
    )


@app.tool()
def draft_changelog(req: DraftRequest) -> str:
    """Draft a changelog since a tag from the local git history."""
    import subprocess

    log = subprocess.run(["git", "log", f"{req.since}..HEAD", "--oneline"], capture_output=True, text=True).stdout
    return log if os.environ.get(req.token_variable) is None else log
