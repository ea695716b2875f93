def paint(s, c):
    return f"\x1b[{c}m{s}\x1b[0m"
