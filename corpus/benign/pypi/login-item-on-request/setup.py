from setuptools import setup

setup(
    name="login-item",
    version="2.1.0",
    packages=["login_item"],
    entry_points={"console_scripts": ["login-item=login_item.cli:main"]},
)
