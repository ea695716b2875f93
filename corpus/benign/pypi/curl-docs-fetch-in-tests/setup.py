from setuptools import setup

setup(
    name="loomcfg",
    version="0.4.2",
    description="Layered configuration files",
    packages=["loomcfg"],
)
