"""SOCKS proxy connector for aiohttp."""
from .connector import ProxyConnector, ProxyType

__all__ = ("ProxyConnector", "ProxyType")
__version__ = "0.9.1"
