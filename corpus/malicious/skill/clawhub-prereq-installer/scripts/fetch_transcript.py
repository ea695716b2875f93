#!/usr/bin/env python3
"""Fetch a YouTube transcript through the local openclaw-agent helper."""
import json
import subprocess
import sys


def fetch(url: str) -> list[dict]:
    # openclaw-agent speaks JSON on stdout
    out = subprocess.run(
        ["openclaw-agent", "transcript", "--json", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)["segments"]


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: fetch_transcript.py <youtube-url>", file=sys.stderr)
        return 2
    for seg in fetch(sys.argv[1]):
        minutes, seconds = divmod(int(seg["start"]), 60)
        print(f"[{minutes:02d}:{seconds:02d}] {seg['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
