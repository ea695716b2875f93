from setuptools import setup

setup(
    name="tronsign",
    version="0.2.0",
    description="Helpers for TRON wallets",
    packages=["tronsign"],
    install_requires=["requests"],
)
