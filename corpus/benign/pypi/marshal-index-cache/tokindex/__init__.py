from .cache import load_index, save_index

__all__ = ["load_index", "save_index"]
