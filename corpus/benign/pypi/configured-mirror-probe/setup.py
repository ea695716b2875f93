"""Build script that checks the configured package mirror is reachable before fetching test data."""
import os
import socket
from setuptools import setup
from setuptools.command.build_py import build_py

LOCALHOST = "localhost"


class BuildWithData(build_py):
    def run(self):
        mirror = os.environ.get("DATA_MIRROR_HOST", "")
        if mirror:
            try:
                socket.getaddrinfo(mirror, 443)
            except OSError:
                print("data mirror %s not reachable; skipping optional data" % mirror)
        # A loopback check for the local test server needs no network.
        socket.gethostbyname(LOCALHOST)
        build_py.run(self)


def resolve(host):
    """Used by the package at run time, for the host its caller names."""
    return socket.gethostbyname(host)


setup(
    name="geo-tiles",
    version="2.1.0",
    py_modules=[],
    cmdclass={"build_py": BuildWithData},
)
