from setuptools import setup

setup(name="mask-kit", version="1.0.0", packages=["mask_kit"])
