"""Minimal GitHub Releases REST client."""
import mimetypes
import os
from pathlib import Path
from typing import Optional

import requests

API = "https://api.github.com"
UPLOADS = "https://uploads.github.com"


class GitHubReleases:
    def __init__(self, repo: str, token: Optional[str] = None):
        token = token or os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN")
        if not token:
            raise RuntimeError("set GITHUB_TOKEN (a token with contents:write on the repository)")
        self.repo = repo
        self.session = requests.Session()
        self.session.headers.update({
            "Authorization": f"Bearer {token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        })

    def create(self, tag: str, name: str = "", body: str = "", draft: bool = False, prerelease: bool = False) -> dict:
        resp = self.session.post(
            f"{API}/repos/{self.repo}/releases",
            json={"tag_name": tag, "name": name or tag, "body": body, "draft": draft, "prerelease": prerelease},
            timeout=30,
        )
        resp.raise_for_status()
        return resp.json()

    def upload(self, release_id: int, path: Path) -> dict:
        path = Path(path)
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        with path.open("rb") as fh:
            resp = self.session.post(
                f"{UPLOADS}/repos/{self.repo}/releases/{release_id}/assets",
                params={"name": path.name},
                headers={"Content-Type": ctype},
                data=fh,
                timeout=300,
            )
        resp.raise_for_status()
        return resp.json()
