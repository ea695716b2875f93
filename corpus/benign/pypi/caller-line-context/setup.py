from setuptools import setup

setup(name="line-context", version="1.4.0", py_modules=["line_context"])
