from setuptools import setup
setup(name="k8s-debug-tools", version="1.3.0", packages=["k8s_debug_tools"])
