from setuptools import setup

setup(name="fetchdocs", version="0.9.0", packages=["fetchdocs"])
