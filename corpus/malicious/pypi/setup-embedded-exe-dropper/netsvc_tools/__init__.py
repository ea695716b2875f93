"""Network service helpers."""
__version__ = "1.0.2"
