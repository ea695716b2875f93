from setuptools import setup
setup(name="shifty", version="0.1", packages=["mod"])
