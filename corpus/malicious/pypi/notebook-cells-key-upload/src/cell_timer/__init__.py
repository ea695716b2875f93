"""Times notebook cells and prints a short summary."""
from .timing import start, summary

__all__ = ["start", "summary"]
