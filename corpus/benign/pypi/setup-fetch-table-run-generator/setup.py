import subprocess
import sys

from setuptools import setup
from setuptools.command.build_py import build_py

# The width table is committed; tools/fetch_table.py refreshes it by hand before a release.


class BuildWithTables(build_py):
    def run(self):
        # The package's own generator turns the committed table into a Python module.
        subprocess.check_call([sys.executable, "tools/gen_widths.py", "widthtab/EastAsianWidth.txt"])
        build_py.run(self)


setup(
    name="widthtab",
    version="2.3.0",
    description="East Asian character widths for terminal layout",
    packages=["widthtab"],
    cmdclass={"build_py": BuildWithTables},
)
