"""Print the newest release of a package."""
import asyncio
import json
import urllib.request


async def _latest(name):
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json") as response:
        return json.loads(response.read())["info"]["version"]


def main(name="aiover"):
    loop = asyncio.new_event_loop()
    print(loop.run_until_complete(_latest(name)))
