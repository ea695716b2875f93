"""Named tasks from tasks.toml."""
__version__ = "0.6.1"
