from setuptools import setup

setup(name="appcfg", version="0.2.0", packages=["appcfg"])
