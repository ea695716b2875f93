"""Extra formatters for colorlog."""

__all__ = ["short_level"]


def short_level(levelname: str) -> str:
    return levelname[:1].upper()
