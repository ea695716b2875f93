from setuptools import setup
setup(name="ciphers-edu", version="0.1", packages=["ciphers"])
