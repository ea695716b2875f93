import os
import runpy
from setuptools import setup

_here = os.path.dirname(os.path.abspath(__file__))
_meta = runpy.run_path(os.path.join(_here, "tools", "version.py"))

setup(name="wheel-hooks-base", version=_meta["VERSION"], py_modules=[])
