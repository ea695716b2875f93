from setuptools import setup

setup(name="worker-status", version="2.3.0", packages=["worker_status"], install_requires=["requests"])
