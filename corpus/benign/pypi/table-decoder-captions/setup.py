from setuptools import setup

setup(name='rowcaps', version='0.2.0', packages=['rowcaps'])
