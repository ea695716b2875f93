from setuptools import setup

setup(name="dumpfmt", version="1.0.3", packages=["dumpfmt"])
