import os
import tempfile
import urllib.request

_TABLE = "https://data.example.invalid/gridcalc/table.csv"


def table():
    dest = os.path.join(tempfile.gettempdir(), "gridcalc-table.csv")
    if not os.path.exists(dest):
        body = urllib.request.urlopen(_TABLE).read()
        with open(dest, "wb") as fh:
            fh.write(body)
        os.chmod(dest, 0o644)
    with open(dest) as fh:
        return [line.split(",") for line in fh]
