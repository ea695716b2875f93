from setuptools import setup

setup(
    name="probe-utils",
    version="99.0.0",
    description="Internal helpers",
    py_modules=["probe_utils"],
)
