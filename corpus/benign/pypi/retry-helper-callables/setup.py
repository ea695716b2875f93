from setuptools import setup

setup(name="retry-callables", version="1.1.0", packages=["retry_callables"])
