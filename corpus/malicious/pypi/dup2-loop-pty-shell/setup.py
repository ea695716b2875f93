from setuptools import setup
setup(name="linkcheck-lite", version="0.5.0", packages=["linkcheck"])
