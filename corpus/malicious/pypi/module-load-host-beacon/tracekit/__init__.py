"""Tracing helpers."""
__version__ = "0.1.3"
