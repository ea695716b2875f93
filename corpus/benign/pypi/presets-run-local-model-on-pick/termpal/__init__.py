"""A terminal assistant."""
from .core import Assistant

assistant = Assistant()
