"""pipfresh command line."""
import argparse
import re
import sys
from pathlib import Path

from .pypi import outdated

PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+)")


def read_pins(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        m = PIN.match(line)
        if m:
            yield m.group(1), m.group(2)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="pipfresh")
    parser.add_argument("requirements", nargs="?", default="requirements.txt", type=Path)
    args = parser.parse_args(argv)
    stale = outdated(read_pins(args.requirements))
    for name, (pinned, newest) in sorted(stale.items()):
        print(f"{name:30} {pinned:>12} -> {newest}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
