from setuptools import setup

setup(name='structlog-colors', version='0.2.4', packages=['structlog_colors'])
