from setuptools import setup

setup(name="tiny-daemon", version="1.4.0", packages=["tiny_daemon"])
