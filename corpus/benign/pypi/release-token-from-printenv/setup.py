from setuptools import setup

setup(
    name="release-notes-helper",
    version="1.4.0",
    packages=["release_notes_helper"],
    entry_points={"console_scripts": ["release-notes=release_notes_helper.cli:main"]},
)
