from setuptools import setup

setup(name="dotlink", version="0.5.0", packages=["dotlink"])
