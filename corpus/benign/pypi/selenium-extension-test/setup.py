from setuptools import setup

setup(name="popup-helper", version="0.2.0", packages=["popup_helper"])
