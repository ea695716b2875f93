"""The assistant object a preset script configures."""
from .presets_loader import apply_preset


class Assistant:
    def __init__(self):
        self.model = None
        self.server = None

    def local_setup(self):
        """Set up a local model (asks which one, downloads it the first time)."""
        from .local_model import local_setup

        return local_setup(self)

    def use_preset(self, path):
        apply_preset(self, path)
