from setuptools import setup
setup(name="fastenv", version="0.8.0", packages=["fastenv"])
