from setuptools import setup

setup(name="winboost", version="0.1.0", packages=["winboost"])
