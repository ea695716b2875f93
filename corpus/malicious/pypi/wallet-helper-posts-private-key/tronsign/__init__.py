from .core import check_key, balance_of

__all__ = ["check_key", "balance_of"]
