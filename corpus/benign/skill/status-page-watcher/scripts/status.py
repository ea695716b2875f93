#!/usr/bin/env python3
"""Print the Statuspage indicator and open incidents for public services."""
import json
import sys
import urllib.request

SERVICES = {
    "github": "https://www.githubstatus.com",
    "npm": "https://status.npmjs.org",
    "pypi": "https://status.python.org",
    "cloudflare": "https://www.cloudflarestatus.com",
    "openai": "https://status.openai.com",
}


def fetch(base, path):
    req = urllib.request.Request(base + path, headers={"User-Agent": "status-page-watcher/1.0"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)


def check(name):
    base = SERVICES[name]
    status = fetch(base, "/api/v2/status.json")["status"]
    incidents = fetch(base, "/api/v2/incidents/unresolved.json").get("incidents", [])
    titles = "; ".join(i["name"] for i in incidents) or "no open incidents"
    return f"{name:<11} {status['indicator']:<9} {titles}"


def main(argv):
    names = argv[1:] or sorted(SERVICES)
    unknown = [n for n in names if n not in SERVICES]
    if unknown:
        print(f"unknown service(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    for name in names:
        try:
            print(check(name))
        except OSError as exc:
            print(f"{name:<11} error     {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
