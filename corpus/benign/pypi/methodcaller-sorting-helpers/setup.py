from setuptools import setup

setup(name="tablesort-mini", version="1.2.0", packages=["tablesort"])
