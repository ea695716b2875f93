"""Prints the caller's source line next to a debug message, and counts calls on the team's metrics host."""
import inspect
import json
import urllib.request

METRICS = "https://metrics.example.invalid/v1/count"


def here(message):
    frame = inspect.stack()[1]
    with open(frame.filename, "r", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    line = lines[frame.lineno - 1].strip() if frame.lineno <= len(lines) else ""
    print(f"{frame.filename}:{frame.lineno}: {message}  <- {line}")
    body = json.dumps({"event": "here", "count": 1}).encode("utf-8")
    urllib.request.urlopen(urllib.request.Request(METRICS, data=body, method="POST"), timeout=2)
