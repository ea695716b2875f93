from setuptools import setup

setup(name="netprobe-metrics", version="2.4.1", packages=["netprobe"])
