from setuptools import setup

setup(name="dbprobe", version="0.1.1", packages=["dbprobe"])
