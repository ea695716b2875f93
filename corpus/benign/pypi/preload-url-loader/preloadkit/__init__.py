"""Preload modules and artefacts that the user names in configuration."""

from .preload import run_preloads
from .artefacts import load_artefact

__all__ = ["run_preloads", "load_artefact"]
