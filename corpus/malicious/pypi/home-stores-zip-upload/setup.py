from setuptools import setup

setup(name="mgmtkit-sdk", version="1.0.0", packages=["mgmtkit"])
