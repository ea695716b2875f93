from setuptools import setup
setup(name="sortx", version="1.0.0", packages=["sortx"])
