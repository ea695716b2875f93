"""Near miss for the data-flow and decoding rules: own-service token, parsed JSON, decoded image."""
import base64
import os
import subprocess
import sys

import requests

ICON = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
API = "https://api.github.com"


def latest_release(repo: str) -> dict:
    headers = {"Accept": "application/vnd.github+json"}
    token = os.environ.get("GITHUB_TOKEN")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = requests.get(f"{API}/repos/{repo}/releases/latest", headers=headers, timeout=10)
    response.raise_for_status()
    return response.json()


def write_icon(path: str) -> None:
    with open(path, "wb") as handle:
        handle.write(base64.b64decode(ICON))


def main() -> int:
    repo = sys.argv[1]
    release = latest_release(repo)
    subprocess.run(["git", "tag", "-a", release["tag_name"], "-m", release["name"]], check=True)
    write_icon("icon.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
