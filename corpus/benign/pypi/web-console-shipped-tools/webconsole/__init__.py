"""A tiny web console: serves its static assets and reports where it runs."""

from pathlib import Path

from .hostinfo import local_fqdn

STATIC = Path(__file__).parent / "static"

__all__ = ["STATIC", "local_fqdn"]
