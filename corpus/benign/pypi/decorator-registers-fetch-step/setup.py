from setuptools import setup

setup(name="gridfetch", version="0.6.0", packages=["gridfetch"], install_requires=["requests"])
