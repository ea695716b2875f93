from setuptools import setup

setup(name="hostcheck", version="0.3.0", packages=["hostcheck"])
