from setuptools import setup
setup(name="sstoken", version="0.3.0", packages=["sstoken"], install_requires=["keyring>=24"])
