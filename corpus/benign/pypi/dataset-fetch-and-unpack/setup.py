from setuptools import setup

setup(name="benchsuite", version="3.0.1", packages=["benchsuite"])
