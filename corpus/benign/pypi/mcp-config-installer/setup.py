from setuptools import setup
setup(name="mcp-installer-x", version="0.1", packages=["mcpinst"], entry_points={"console_scripts": ["mcp-inst=mcpinst:main"]})
