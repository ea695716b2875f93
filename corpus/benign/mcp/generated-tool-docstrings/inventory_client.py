import json
import urllib.request

BASE = "http://127.0.0.1:8750"
OPERATIONS = {"list_items": "Lists items in stock.", "get_item": "Shows one item by id."}


def call(operation, params):
    data = json.dumps(params).encode()
    req = urllib.request.Request(f"{BASE}/{operation}", data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)
