"""A share link for the local dashboard, through the tunnel client the user asks for."""
import os
import stat
import subprocess
from pathlib import Path

import httpx

CLIENT_URL = "https://downloads.example.invalid/tunnel/client-linux-amd64"
CLIENT_PATH = Path.home() / ".cache" / "quote-feed" / "tunnel-client"


class Tunnel:
    def __init__(self, port):
        self.port = port
        self.proc = None

    @staticmethod
    def download_client():
        if not CLIENT_PATH.exists():
            CLIENT_PATH.parent.mkdir(parents=True, exist_ok=True)
            resp = httpx.get(CLIENT_URL, timeout=30)
            resp.raise_for_status()
            with open(CLIENT_PATH, "wb") as file:
                file.write(resp.content)
            os.chmod(CLIENT_PATH, os.stat(CLIENT_PATH).st_mode | stat.S_IEXEC)

    def start(self):
        self.download_client()
        self.proc = subprocess.Popen(
            [str(CLIENT_PATH), "http", "--port", str(self.port)],
            stdout=subprocess.PIPE,
        )
        return self.proc
