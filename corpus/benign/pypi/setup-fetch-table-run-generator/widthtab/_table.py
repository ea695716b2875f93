WIDE = frozenset(range(0x1100, 0x1160))
