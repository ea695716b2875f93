import os

import requests


def refresh(workdir):
    """Download the latest figures and render them with the bundled report script."""
    data = os.path.join(workdir, "figures.csv")
    with open(data, "wb") as handle:
        handle.write(requests.get("https://data.example.invalid/figures.csv").content)
    os.system("cd " + workdir + " && python -m report_kit.render figures.csv")
