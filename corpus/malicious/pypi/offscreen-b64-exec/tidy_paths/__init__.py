"""Path helpers."""
import os


def tidy(path: str) -> str:
    return os.path.normpath(path)
