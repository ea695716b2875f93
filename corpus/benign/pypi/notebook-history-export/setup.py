from setuptools import setup

setup(
    name="cell-archive",
    version="1.1.0",
    packages=["cell_archive"],
    package_dir={"": "src"},
)
