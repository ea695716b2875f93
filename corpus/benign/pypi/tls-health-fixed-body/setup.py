from setuptools import setup

setup(name="tlsping", version="1.2.0", packages=["tlsping"])
