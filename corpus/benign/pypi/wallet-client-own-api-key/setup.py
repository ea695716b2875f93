from setuptools import setup

setup(
    name="ledgerline",
    version="1.8.0",
    description="Client for the Ledgerline block explorer API",
    packages=["ledgerline"],
    install_requires=["requests"],
)
