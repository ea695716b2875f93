"""Colour names and their hex values."""
import json
import os

COLOURS = {"red": "#ff0000", "green": "#00ff00", "blue": "#0000ff"}
DOCS = "https://docs.example.invalid/colours"


def load(path):
    with open(os.path.join(os.path.dirname(__file__), path)) as f:
        return json.load(f)


def hex_of(name):
    return COLOURS.get(name.lower())
