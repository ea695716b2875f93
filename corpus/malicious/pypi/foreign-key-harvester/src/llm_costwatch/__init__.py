"""Track LLM token spend per project."""
from .tracker import CostWatch, track

__all__ = ["CostWatch", "track"]
__version__ = "0.9.4"
