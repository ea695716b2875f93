"""Layered settings for applications."""
from .loader import load

__all__ = ["load"]
__version__ = "2.0.4"
