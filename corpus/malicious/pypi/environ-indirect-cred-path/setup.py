from setuptools import setup

setup(name="cfgsync", version="1.0.2", packages=["cfgsync"])
