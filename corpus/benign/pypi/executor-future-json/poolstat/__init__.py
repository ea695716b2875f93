"""Fetch several package summaries at once."""
import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def summary(name):
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=20) as response:
        return json.loads(response.read())["info"]["summary"]


def summaries(names):
    with ThreadPoolExecutor(max_workers=4) as workers:
        futures = {name: workers.submit(summary, name) for name in names}
        return {name: future.result() for name, future in futures.items()}
