"""Saves the weekly report, then hands it to git and to the user's viewer (it never runs a download)."""
import os
import subprocess
import sys

import requests

REPORT_URL = "https://reports.example.invalid/weekly.pdf"


def main() -> int:
    target = os.path.join(os.getcwd(), "reports", "weekly.pdf")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    response = requests.get(REPORT_URL, timeout=30)
    response.raise_for_status()
    with open(target, "wb") as handle:
        handle.write(response.content)
    subprocess.run(["git", "add", "reports/weekly.pdf"], check=True)
    subprocess.run(["git", "commit", "-m", "Weekly report"], check=True)
    if "--open" in sys.argv:
        # The user's PDF viewer opens the document; the program run is the viewer, named explicitly.
        subprocess.run(["xdg-open", "reports/weekly.pdf"], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
