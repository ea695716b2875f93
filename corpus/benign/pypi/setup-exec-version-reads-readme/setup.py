import io
import os

from setuptools import find_packages, setup

with io.open("README.rst", "r") as fh:
    long_description = fh.read()

here = os.path.abspath(os.path.dirname(__file__))

about = {}
with open(os.path.join(here, "tidyauth/version.py")) as fp:
    exec(fp.read(), about)

setup(
    name="tidyauth",
    version=about["__version__"],
    description="Small helpers for signing requests",
    long_description=long_description,
    packages=find_packages(),
    python_requires=">=3.8",
    classifiers=["Programming Language :: Python :: 3"],
)
