import os
import sys

import requests

settings = {name: value for name, value in os.environ.items() if name.startswith("TIDES_")}
reply = requests.get(
    "https://api.tides.example.org/v2/times",
    params={"harbour": sys.argv[1]},
    headers={"x-api-key": settings.get("TIDES_API_KEY", "")},
    timeout=10,
)
for row in reply.json().get("times", []):
    print(row["at"], row["height"])
