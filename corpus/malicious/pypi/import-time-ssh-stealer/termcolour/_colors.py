"""Colour tables and formatting helpers."""
import os
import sys

ATTRIBUTES = dict(bold=1, dark=2, underline=4, blink=5, reverse=7, concealed=8)
HIGHLIGHTS = {f"on_{name}": code for name, code in zip(
    ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"], range(40, 48))}
COLORS = {name: code for name, code in zip(
    ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"], range(30, 38))}
RESET = "\033[0m"


def _can_colour(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def colored(text, color=None, on_color=None, attrs=None) -> str:
    if not _can_colour(sys.stdout):
        return text
    fmt = "\033[%dm%s"
    if color is not None:
        text = fmt % (COLORS[color], text)
    if on_color is not None:
        text = fmt % (HIGHLIGHTS[on_color], text)
    for attr in attrs or ():
        text = fmt % (ATTRIBUTES[attr], text)
    return text + RESET


def cprint(text, color=None, on_color=None, attrs=None, **kwargs) -> None:
    print(colored(text, color, on_color, attrs), **kwargs)
