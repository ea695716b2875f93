from .client import last_price

__all__ = ["last_price"]
