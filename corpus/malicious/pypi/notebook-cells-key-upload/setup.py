from setuptools import setup

setup(
    name="cell-timer",
    version="0.3.1",
    packages=["cell_timer"],
    package_dir={"": "src"},
    install_requires=["requests"],
)
