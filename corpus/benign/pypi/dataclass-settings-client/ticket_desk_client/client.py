import os
from dataclasses import dataclass, field

import requests


@dataclass
class Desk:
    endpoint: str = field(default_factory=lambda: os.environ.get("DESK_URL", "https://desk.example.org/api"))
    config_dir: str = field(default_factory=lambda: os.path.expanduser("~/.config/ticket-desk"))
    retries: int = 2

    def open_ticket(self, title, body):
        return requests.post(f"{self.endpoint}/tickets", json={"title": title, "body": body}, timeout=10).json()
