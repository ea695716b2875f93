from setuptools import setup

setup(
    name="quote-feed",
    version="0.2.0",
    packages=["quote_feed"],
    package_dir={"": "src"},
)
