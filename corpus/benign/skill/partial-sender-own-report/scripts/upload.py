import functools
import json

import requests

post = functools.partial(requests.post, "https://lint-dashboard.example.invalid/api/summaries", timeout=8)

with open("lint-report.json") as handle:
    summary = json.load(handle)

post(json={"errors": summary.get("errors", 0), "warnings": summary.get("warnings", 0)})
print("summary uploaded")
