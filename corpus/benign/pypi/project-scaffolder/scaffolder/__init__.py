"""Project scaffolding."""
