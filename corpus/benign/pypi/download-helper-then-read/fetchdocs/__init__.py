"""Downloads the published changelog to a cache file and prints its first lines."""
import os

import requests


def fetch_to(url, destination):
    reply = requests.get(url, timeout=30)
    with open(destination, "wb") as out:
        out.write(reply.content)


def show(path, lines=20):
    with open(path, encoding="utf-8") as handle:
        for _, line in zip(range(lines), handle):
            print(line.rstrip())


def changelog():
    path = os.path.join(os.path.expanduser("~"), ".cache", "fetchdocs-changelog.md")
    fetch_to("https://docs.example.invalid/changelog.md", path)
    show(path)
