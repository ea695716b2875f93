from .loader import boost

boost()
