import json
import urllib.request

from ._endpoints import COLLECT


def push(name, value, endpoint=COLLECT):
    """Send one metric the caller chose to the caller's collector."""
    payload = {"name": name, "value": value}
    req = urllib.request.Request(endpoint, data=json.dumps(payload).encode(), method="POST")
    req.add_header("Content-Type", "application/json")
    return urllib.request.urlopen(req, timeout=5).status
