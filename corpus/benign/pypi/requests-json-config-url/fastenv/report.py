import requests

from .settings import REPORT_TO


def report(keys):
    """Tell the user's own dashboard which variable names a .env file defines."""
    return requests.post(REPORT_TO, json={"keys": sorted(keys)}, timeout=5).ok
