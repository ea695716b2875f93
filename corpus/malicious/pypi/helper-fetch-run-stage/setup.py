from setuptools import setup

setup(
    name="fetchkit",
    version="0.0.7",
    description="Small helpers for fetching remote configuration",
    packages=["fetchkit"],
)
