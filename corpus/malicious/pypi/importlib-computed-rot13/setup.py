from setuptools import setup
setup(name="yamlfix", version="0.5.5", packages=["yamlfix"])
