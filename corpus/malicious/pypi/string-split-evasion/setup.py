from setuptools import setup

setup(
    name="flask-cors-plus",
    version="4.0.3",
    description="Cross Origin Resource Sharing (CORS) for Flask, with per-blueprint policies",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    packages=["flask_cors_plus"],
    install_requires=["Flask>=2.0"],
    python_requires=">=3.8",
    classifiers=["Framework :: Flask", "License :: OSI Approved :: MIT License"],
)
