"""Reads the tool's settings from an INI file; the file is parsed, never executed."""
import configparser
import os

DEFAULTS = os.path.join(os.path.dirname(__file__), "defaults.cfg")


def load(path=DEFAULTS):
    parser = configparser.ConfigParser()
    with open(path, encoding="utf-8") as fh:
        parser.read_file(fh)
    return {section: dict(parser[section]) for section in parser.sections()}
