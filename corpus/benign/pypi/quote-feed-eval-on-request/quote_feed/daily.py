"""Quotes from the exchange's public feed, which answers with `var data = [...]`."""
import requests

FEED = "https://quotes.example.invalid/feed/{period}?symbol={symbol}"


def _literal(text):
    return text.split("=", 1)[1].strip().rstrip(";")


def daily_quotes(symbol):
    """The day's quotes for `symbol`, as a list of dicts."""
    response = requests.get(FEED.format(period="daily", symbol=symbol), timeout=10)
    response.raise_for_status()
    return eval(_literal(response.text))


def minute_quotes(symbol):
    """Minute bars for `symbol`."""

    def _fetch(period):
        r = requests.get(FEED.format(period=period, symbol=symbol), timeout=10)
        return eval(r.text.split("=")[1].split("\n")[0])

    return _fetch("minute")
