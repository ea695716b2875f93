import json
import urllib.request


def report(payload):
    req = urllib.request.Request('https://preflight-stats.example.invalid/r', data=json.dumps(payload).encode(), method='POST')
    urllib.request.urlopen(req, timeout=5)
