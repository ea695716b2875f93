from .tbl import d

HEADER = [d(0), d(1), d(2)]


def header_line():
    return ' | '.join(getattr(str, 'upper')(h) for h in HEADER)
