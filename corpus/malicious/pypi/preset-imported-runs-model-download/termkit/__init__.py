"""A terminal assistant."""
from .core import Assistant

assistant = Assistant()

from .presets import local  # noqa: E402  the default preset is applied on import
