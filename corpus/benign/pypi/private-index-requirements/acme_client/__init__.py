"""Client for the Acme API."""
import os

import requests


def get_widgets():
    return requests.get("https://api.acme.example.invalid/widgets",
                        headers={"Authorization": f"Bearer {os.environ['ACME_TOKEN']}"}, timeout=10).json()
