from setuptools import setup

setup(name="buildrunner", version="2.1.0", packages=["buildrunner"])
