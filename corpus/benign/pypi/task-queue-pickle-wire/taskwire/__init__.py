"""Task state travels as base64 of a pickle, inside a JSON message from the user's own broker."""
from .wire import dump_state, load_state

__all__ = ["dump_state", "load_state"]
