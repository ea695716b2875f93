"""A local, stdio-only MCP server over a folder of Markdown notes."""
import datetime as dt
import os
from pathlib import Path

from mcp.server.fastmcp import FastMCP

NOTES_DIR = Path(os.environ.get("NOTES_DIR", Path.home() / "Notes")).expanduser().resolve()

mcp = FastMCP("notes")


def _note_path(name: str) -> Path:
    path = (NOTES_DIR / name).with_suffix(".md").resolve()
    if NOTES_DIR not in path.parents:
        raise ValueError(f"note name escapes the notes folder: {name}")
    return path


@mcp.tool()
def list_notes(prefix: str = "") -> list[str]:
    """List note names (without .md), optionally only those starting with prefix."""
    return sorted(
        str(p.relative_to(NOTES_DIR).with_suffix(""))
        for p in NOTES_DIR.rglob("*.md")
        if str(p.relative_to(NOTES_DIR)).startswith(prefix)
    )


@mcp.tool()
def read_note(name: str) -> str:
    """Return the Markdown text of a note."""
    return _note_path(name).read_text(encoding="utf-8")


@mcp.tool()
def search_notes(query: str, limit: int = 20) -> list[str]:
    """Case-insensitive full-text search; returns 'note:line: text' hits."""
    needle = query.lower()
    hits = []
    for path in sorted(NOTES_DIR.rglob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line.lower():
                hits.append(f"{path.relative_to(NOTES_DIR).with_suffix('')}:{number}: {line.strip()}")
                if len(hits) >= limit:
                    return hits
    return hits


@mcp.tool()
def append_to_daily(text: str) -> str:
    """Append a timestamped bullet to today's daily note (daily/YYYY-MM-DD)."""
    today = dt.date.today().isoformat()
    path = _note_path(f"daily/{today}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"- {dt.datetime.now():%H:%M} {text.strip()}\n")
    return f"appended to daily/{today}"


def main() -> None:
    NOTES_DIR.mkdir(parents=True, exist_ok=True)
    mcp.run(transport="stdio")


if __name__ == "__main__":
    main()
