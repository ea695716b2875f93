from setuptools import setup
setup(name="envprobe", version="0.1.2", packages=["envprobe"])
