"""Tidewatch API client."""
from .client import Client, TidewatchError

__all__ = ["Client", "TidewatchError"]
__version__ = "2.2.0"
