"""Reads EastAsianWidth.txt and writes widthtab/_table.py."""
import sys

wide = []
with open(sys.argv[1], encoding="utf-8") as source:
    for line in source:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        span, kind = [part.strip() for part in line.split(";")]
        if kind in ("W", "F"):
            first, _, last = span.partition("..")
            wide.append((int(first, 16), int(last or first, 16)))
with open("widthtab/_table.py", "w", encoding="utf-8") as out:
    out.write("WIDE = frozenset().union(")
    out.write(", ".join(f"range({a}, {b + 1})" for a, b in wide))
    out.write(")\n")
