from setuptools import setup

setup(name="relay-utils", version="0.1.0", packages=["relay"], entry_points={"console_scripts": ["relay-utils=relay:main"]})
