"""Build settings shared by setup.py and the release scripts."""

NAME = "fastgrid"
VERSION = "0.9.2"
DOCS = "https://docs.example.invalid/fastgrid"
DESCRIBE = "git describe --tags --always"
