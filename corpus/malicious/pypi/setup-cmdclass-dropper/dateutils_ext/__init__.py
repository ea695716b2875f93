"""Small helpers on top of python-dateutil."""
from .ranges import month_range, quarter_of

__all__ = ["month_range", "quarter_of"]
__version__ = "2.9.1"
