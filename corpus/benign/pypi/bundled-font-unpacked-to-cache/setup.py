from setuptools import setup

setup(name="iconfont", version="0.3.0", packages=["iconfont"])
