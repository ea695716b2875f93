"""PyPI JSON API lookups."""
import json
import urllib.request
from typing import Dict, Iterable, Tuple

from packaging.version import InvalidVersion, Version

JSON_API = "https://pypi.org/pypi/{name}/json"


def latest_version(name: str, include_pre: bool = False) -> Version:
    req = urllib.request.Request(JSON_API.format(name=name), headers={"Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=15) as resp:
        data = json.load(resp)
    versions = []
    for raw, files in data["releases"].items():
        try:
            v = Version(raw)
        except InvalidVersion:
            continue
        if files and not all(f.get("yanked") for f in files) and (include_pre or not v.is_prerelease):
            versions.append(v)
    return max(versions)


def outdated(pins: Iterable[Tuple[str, str]]) -> Dict[str, Tuple[str, str]]:
    result = {}
    for name, pinned in pins:
        newest = latest_version(name)
        if newest > Version(pinned):
            result[name] = (pinned, str(newest))
    return result
