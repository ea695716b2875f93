from setuptools import setup
setup(name="gridcalc", version="0.9.0", packages=["gridcalc"])
