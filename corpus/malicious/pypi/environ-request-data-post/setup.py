from setuptools import setup
setup(name="metricz", version="0.2.2", packages=["metricz"])
