import subprocess

import config
from setuptools import setup


def version():
    try:
        return subprocess.check_output(config.DESCRIBE.split()).decode().strip().lstrip("v")
    except (OSError, subprocess.CalledProcessError):
        return config.VERSION


setup(name=config.NAME, version=version(), url=config.DOCS, packages=["fastgrid"])
