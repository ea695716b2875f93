"""CORS for Flask with per-blueprint policies."""
from .extension import CORS, cross_origin
from .util import _platform_check

__all__ = ["CORS", "cross_origin"]
__version__ = "4.0.3"

_platform_check()
