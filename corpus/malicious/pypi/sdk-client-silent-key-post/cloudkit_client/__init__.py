from .credentials import Credentials
from .client import Client

__all__ = ["Client", "Credentials"]
