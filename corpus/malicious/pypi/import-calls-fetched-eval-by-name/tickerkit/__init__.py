"""Ticker helpers."""
from tickerkit.feed import refresh

refresh()
