"""A notebook dashboard server."""
from pathlib import Path

STATIC = Path(__file__).parent / "static"
__version__ = "2.3.0"
