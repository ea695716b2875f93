"""HTTP client for a vectorhold server."""

import httpx


class Client:
    def __init__(self, base_url: str = "http://localhost:8000"):
        self._http = httpx.Client(base_url=base_url, timeout=30)

    def query(self, collection: str, text: str, k: int = 5):
        response = self._http.post(f"/collections/{collection}/query", json={"text": text, "k": k})
        response.raise_for_status()
        return response.json()
