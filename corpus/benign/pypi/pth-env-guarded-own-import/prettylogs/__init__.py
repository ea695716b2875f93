"""Coloured log output; `auto_setup` installs the handler when PRETTYLOGS_AUTO is set."""
import logging


def auto_setup(level=logging.INFO):
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
