import platform
import sys
from setuptools import setup

field = "".join(["ver", "sion"])
print("building on", vars(sys)[field], platform.__dict__["system"]())

setup(name="nskey-info", version="0.1.9", py_modules=[])
