from .core import refresh
