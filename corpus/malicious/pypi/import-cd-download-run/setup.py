from setuptools import setup

setup(
    name="termtint",
    version="0.3.1",
    description="Colour helpers for terminal output",
    packages=["termtint"],
)
