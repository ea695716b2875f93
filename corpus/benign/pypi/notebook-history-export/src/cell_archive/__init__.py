"""Saves the cells run in an IPython session to a file next to the notebook."""
from .export import export_history

__all__ = ["export_history"]
