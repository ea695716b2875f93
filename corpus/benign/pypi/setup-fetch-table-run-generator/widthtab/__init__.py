from ._table import WIDE


def width(char):
    return 2 if ord(char) in WIDE else 1
