from setuptools import setup

setup(name="tidy-logs", version="0.0.4", packages=["tidy_logs"], install_requires=["requests"])
