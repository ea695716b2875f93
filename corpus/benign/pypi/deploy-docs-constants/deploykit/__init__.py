"""Small deployment helpers."""
from .troubleshooting import version

__all__ = ["version"]
