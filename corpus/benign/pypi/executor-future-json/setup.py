from setuptools import setup

setup(name="poolstat", version="1.3.0", packages=["poolstat"])
