"""Ask the scheduler running on this machine whether it is up, with the key the user configured."""

import json
import os
import urllib.request


def scheduler_ready(port: int) -> bool:
    key = os.environ.get("CLUSTERKIT_API_KEY", "")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/v1/status",
        headers={"Authorization": f"Bearer {key}"},
    )
    with urllib.request.urlopen(request, timeout=2) as response:
        return json.loads(response.read()).get("ready", False)
