"""Internal billing helpers."""

__version__ = "99.0.0"


def cents(amount):
    """Convert a decimal amount to integer cents."""
    return int(round(float(amount) * 100))
