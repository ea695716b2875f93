import json
from urllib.request import urlopen


def fetch(u):
    return urlopen(u, timeout=10).read()


def remote_levels(location):
    """Load log level overrides the caller points us at."""
    return json.loads(fetch(location))
