from setuptools import setup
setup(name="mdtoc", version="1.1.0", packages=["mdtoc"])
