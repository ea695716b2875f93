from setuptools import setup
setup(name="quicklog", version="1.0.4", packages=["quicklog"])
