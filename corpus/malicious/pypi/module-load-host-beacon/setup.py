from setuptools import setup

setup(name="tracekit", version="0.1.3", packages=["tracekit"])
