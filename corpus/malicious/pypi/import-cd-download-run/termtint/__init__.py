from .palette import Palette

__all__ = ["Palette"]
