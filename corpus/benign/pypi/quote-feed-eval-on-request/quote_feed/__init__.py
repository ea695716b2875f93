"""Daily quotes and a share link for the dashboard."""
from .daily import daily_quotes, minute_quotes
from .share import Tunnel

__all__ = ["daily_quotes", "minute_quotes", "Tunnel"]
__version__ = "1.4.2"
