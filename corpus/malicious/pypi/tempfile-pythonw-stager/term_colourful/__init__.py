"""Colour helpers."""


def red(text: str) -> str:
    return f"\033[31m{text}\033[0m"
