from setuptools import setup

setup(name='tidyrows', version='0.5.1', packages=['tidyrows'])
