from setuptools import setup
setup(name="netping", version="0.4.0", packages=["netping"])
