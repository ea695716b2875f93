#!/usr/bin/env python3
"""Normalise a CHANGELOG.md to Keep a Changelog sections."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ORDER = ["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"]
RELEASE = re.compile(r"^## \[?(?P<ver>Unreleased|\d+\.\d+\.\d+[^\]\s]*)\]?(?:\s*[-–]\s*(?P<date>\d{4}-\d{2}-\d{2}))?")
SECTION = re.compile(r"^### (?P<name>\w+)")
KEYWORDS = {
    "Added": ("add", "new", "introduce"),
    "Fixed": ("fix", "bug", "resolve"),
    "Removed": ("remove", "drop", "delete"),
}


def classify(entry: str, current: str | None) -> str:
    if current in ORDER:
        return current
    first = entry.lstrip("-* ").split(" ", 1)[0].lower()
    for section, words in KEYWORDS.items():
        if first.startswith(words):
            return section
    return "Changed"


def tidy(entry: str) -> str:
    text = entry.lstrip("-* ").rstrip().rstrip(".")
    return f"- {text[:1].upper()}{text[1:]}"


def format_changelog(text: str) -> str:
    releases: list[tuple[str, dict[str, list[str]]]] = []
    section = None
    for line in text.splitlines():
        if m := RELEASE.match(line):
            ver, date = m["ver"], m["date"]
            heading = f"## [{ver}]" + (f" - {date}" if date else "")
            releases.append((heading, {}))
            section = None
        elif m := SECTION.match(line):
            section = m["name"].capitalize()
        elif line.lstrip().startswith(("-", "*")) and releases:
            name = classify(line, section)
            releases[-1][1].setdefault(name, []).append(tidy(line))
    out = ["# Changelog", ""]
    if not any("Unreleased" in h for h, _ in releases):
        out += ["## [Unreleased]", ""]
    for heading, groups in releases:
        out += [heading, ""]
        for name in ORDER:
            if groups.get(name):
                out += [f"### {name}", *groups[name], ""]
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file would change")
    args = parser.parse_args()
    original = args.path.read_text(encoding="utf-8")
    formatted = format_changelog(original)
    if args.check:
        if formatted != original:
            print(f"{args.path} is not formatted", file=sys.stderr)
            return 1
        return 0
    args.path.write_text(formatted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
