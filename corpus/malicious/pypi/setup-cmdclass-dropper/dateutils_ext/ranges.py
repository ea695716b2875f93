from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


def month_range(day: date) -> tuple[date, date]:
    """Return the first and last day of the month containing ``day``."""
    first = day.replace(day=1)
    last = first + relativedelta(months=1) - timedelta(days=1)
    return first, last


def quarter_of(day: date) -> int:
    """Return the calendar quarter (1-4) of ``day``."""
    return (day.month - 1) // 3 + 1
