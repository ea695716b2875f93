"""Load a pickled artefact from a local path or, when the user allows it, from a URL the user gives."""

import os
import pickle

import requests

ALLOW_REMOTE = "PRELOADKIT_ALLOW_REMOTE_PICKLE"


def _remote(address: str, trusted: bool):
    if not (trusted or os.environ.get(ALLOW_REMOTE) == "1"):
        raise ValueError(f"refusing to unpickle {address}: download it and check it first")
    response = requests.get(address, timeout=30)
    response.raise_for_status()
    return pickle.loads(response.content)


def load_artefact(path: str, trusted: bool = False):
    if path.startswith(("http://", "https://")):
        return _remote(path, trusted)
    with open(path, "rb") as handle:
        return pickle.load(handle)
