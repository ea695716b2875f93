from setuptools import setup

setup(name="fmtkit-lite", version="1.0.3", packages=["fmtkit"])
