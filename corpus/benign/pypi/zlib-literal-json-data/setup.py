from setuptools import setup
setup(name="pyhashx", version="0.0.7", packages=["pyhashx"])
