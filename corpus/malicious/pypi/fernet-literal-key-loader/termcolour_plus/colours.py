"""ANSI colour codes."""
CODES = {"red": 31, "green": 32, "yellow": 33, "blue": 34}


def colour(text: str, name: str) -> str:
    return f"\033[{CODES[name]}m{text}\033[0m"
