from setuptools import setup

setup(name="colorkit-plus", version="0.2.1", packages=["colorkit"])
