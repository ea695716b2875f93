from setuptools import setup

setup(name="fmtkit-plus", version="0.1.0", packages=["fmtkit"])
