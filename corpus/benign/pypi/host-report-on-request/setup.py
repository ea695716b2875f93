from setuptools import setup

setup(name="hostreport", version="1.0.0", packages=["hostreport"])
