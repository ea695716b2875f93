from setuptools import setup
setup(name="tzfix", version="2024.1", packages=["tzfix"])
