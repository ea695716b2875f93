"""Store a CLI's own API token in the OS keychain."""
from .store import TokenStore

__all__ = ["TokenStore"]
__version__ = "0.5.1"
