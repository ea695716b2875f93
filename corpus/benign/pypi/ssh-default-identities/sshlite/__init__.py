"""A small SSH client library."""

from .client import Client

__all__ = ["Client"]
