from setuptools import setup
setup(name="s3sync2", version="1.0.0", packages=["s3sync2"])
