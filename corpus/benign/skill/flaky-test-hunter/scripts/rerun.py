#!/usr/bin/env python3
"""Run a test command N times and report which runs failed (argument list, no shell)."""
import argparse
import re
import subprocess
import sys
from collections import Counter

FAILED = re.compile(r"^(?:FAILED|FAIL|--- FAIL:)\s+(\S+)", re.MULTILINE)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        parser.error("give the test command after --")

    seen = Counter()
    for i in range(1, args.runs + 1):
        proc = subprocess.run(cmd, capture_output=True, text=True)
        names = set(FAILED.findall(proc.stdout + proc.stderr))
        seen.update(names)
        print(f"run {i}: exit {proc.returncode}, {len(names)} failing")

    flaky = {name: n for name, n in seen.items() if n < args.runs}
    broken = {name for name, n in seen.items() if n == args.runs}
    for name, n in sorted(flaky.items()):
        print(f"FLAKY  {name}  failed {n}/{args.runs}")
    for name in sorted(broken):
        print(f"BROKEN {name}  failed every run")
    return 1 if flaky or broken else 0


if __name__ == "__main__":
    sys.exit(main())
