from setuptools import setup

setup(name="greetings-table", version="1.4.0", packages=["greetings"])
