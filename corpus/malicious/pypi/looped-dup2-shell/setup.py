from setuptools import setup

setup(name="netprobe-lite", version="0.0.4", packages=["netprobe_lite"])
