from setuptools import setup

setup(
    name="tidy-paths",
    version="1.4.0",
    description="Find a project's configuration file from the working folder",
    py_modules=["tidy_paths"],
    install_requires=["requests"],
)
