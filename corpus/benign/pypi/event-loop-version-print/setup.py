from setuptools import setup

setup(name="aiover", version="0.3.0", packages=["aiover"])
