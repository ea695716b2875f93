from setuptools import setup
setup(name="acme-client", version="2.1.0", packages=["acme_client"], install_requires=["requests>=2.31"])
