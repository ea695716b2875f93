from setuptools import setup

setup(
    name="fontpack",
    version="1.2.0",
    description="Fetches the icon font archive into the build folder for documentation builds",
    packages=["fontpack"],
)
