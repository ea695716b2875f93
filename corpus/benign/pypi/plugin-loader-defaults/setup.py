from setuptools import setup
setup(name="plugloader", version="1.0", packages=["plugloader"])
