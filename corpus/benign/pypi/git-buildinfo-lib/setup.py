from setuptools import find_packages, setup

with open("README.md", encoding="utf-8") as fh:
    long_description = fh.read()

setup(
    name="buildstamp",
    version="0.8.2",
    description="Embed git commit, branch and build time into your application's version info",
    long_description=long_description,
    long_description_content_type="text/markdown",
    author="Buildstamp contributors",
    license="BSD-3-Clause",
    packages=find_packages(exclude=["tests"]),
    python_requires=">=3.8",
    entry_points={"console_scripts": ["buildstamp=buildstamp.__main__:main"]},
    classifiers=[
        "License :: OSI Approved :: BSD License",
        "Programming Language :: Python :: 3",
        "Topic :: Software Development :: Build Tools",
    ],
)
