from setuptools import setup

setup(name="avatars", version="2.0.0", packages=["avatars"])
