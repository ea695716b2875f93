"""Rotation and retention for an application's own log directory."""
from .rotate import prune, rotate

__all__ = ["prune", "rotate"]
__version__ = "1.3.0"
