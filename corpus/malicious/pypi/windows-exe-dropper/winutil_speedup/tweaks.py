"""Harmless-looking helpers the package advertises."""


def tune(level: int = 1) -> str:
    return f"tuned at level {level}"
