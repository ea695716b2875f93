from setuptools import setup
setup(name="tabler", version="0.2.0", packages=["tabler"])
