"""Minimal read-only client for the Tidewatch REST API."""
from __future__ import annotations

import os
from typing import Any, Optional

import requests

DEFAULT_BASE_URL = "https://api.tidewatch.test/v2"


class TidewatchError(RuntimeError):
    """Raised when the API returns an error response."""


class Client:
    def __init__(self, token: Optional[str] = None, base_url: str = DEFAULT_BASE_URL, timeout: float = 10.0):
        self.token = token or os.environ.get("TIDEWATCH_TOKEN")
        if not self.token:
            raise TidewatchError("no API token: pass token= or set TIDEWATCH_TOKEN")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = requests.Session()
        self._session.headers.update(
            {"Authorization": f"Bearer {self.token}", "User-Agent": "tidewatch-python/2.2.0"}
        )

    def _get(self, path: str, **params: Any) -> Any:
        resp = self._session.get(f"{self.base_url}{path}", params=params or None, timeout=self.timeout)
        if resp.status_code >= 400:
            raise TidewatchError(f"{resp.status_code}: {resp.text[:200]}")
        return resp.json()

    def monitors(self, page_size: int = 100) -> list[dict]:
        """All monitors on the account."""
        return self._get("/monitors", limit=page_size)["data"]

    def status(self, monitor: str) -> dict:
        """Current status and last check of one monitor (by id or name)."""
        return self._get(f"/monitors/{monitor}/status")

    def incidents(self, monitor: str, since: Optional[str] = None) -> list[dict]:
        return self._get(f"/monitors/{monitor}/incidents", since=since)["data"]
