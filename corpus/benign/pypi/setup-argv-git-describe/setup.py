import os
import subprocess

from setuptools import setup

HERE = os.path.abspath(os.path.dirname(__file__))


def version():
    try:
        out = subprocess.check_output(["git", "-C", HERE, "describe", "--tags", "--always"])
        return out.decode().strip().lstrip("v")
    except (OSError, subprocess.CalledProcessError):
        return "0.0.0"


setup(name="repo-tidy-version", version=version(), py_modules=[])
