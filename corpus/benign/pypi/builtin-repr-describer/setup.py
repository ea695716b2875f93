from setuptools import setup

setup(name="repr-describer", version="1.0.0", packages=["repr_describer"])
