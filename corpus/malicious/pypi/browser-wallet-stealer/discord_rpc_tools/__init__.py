"""Rich Presence helpers for Discord."""
__version__ = "2.1.7"
