from setuptools import setup

setup(name="tint-text", version="4.3", packages=["tint_text"])
