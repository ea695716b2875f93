from setuptools import setup
setup(name="svcd", version="1.3.0", packages=["svcd"])
