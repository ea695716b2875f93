from setuptools import setup

setup(name="report-kit", version="2.1.0", packages=["report_kit"], install_requires=["requests"])
