from .diagnostics import collect

collect()
