from setuptools import setup
setup(name="portcheck", version="0.1.0", packages=["portcheck"])
