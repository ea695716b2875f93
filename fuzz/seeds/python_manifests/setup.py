from setuptools import setup
setup(name="x", version="1.0", install_requires=["mcp"])
