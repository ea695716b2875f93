from setuptools import setup
setup(name="mcp-sync-tool", version="0.2", packages=["mcpsync"])
