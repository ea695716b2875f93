class Assistant:
    def __init__(self):
        self.server = None

    def local_setup(self):
        from .local_model import local_setup

        return local_setup(self)
