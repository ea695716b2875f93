from setuptools import setup

setup(name="newproj", version="1.2.0", packages=["newproj"], entry_points={"console_scripts": ["newproj=newproj:main"]})
