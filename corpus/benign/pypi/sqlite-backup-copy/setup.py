from setuptools import setup
setup(name="dbsnap", version="0.2.0", packages=["dbsnap"])
