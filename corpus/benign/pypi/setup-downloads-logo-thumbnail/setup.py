import os
from setuptools import setup

here = os.path.dirname(os.path.abspath(__file__))
version = {}
exec(open(os.path.join(here, "thumbkit", "_version.py")).read(), version)

setup(name="thumbkit", version=version["__version__"], packages=["thumbkit"])
