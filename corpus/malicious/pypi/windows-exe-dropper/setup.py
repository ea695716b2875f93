from setuptools import setup

setup(
    name="winutil-speedup",
    version="1.0.2",
    description="Speeds up common Windows utilities",
    packages=["winutil_speedup"],
    install_requires=["requests"],
)
