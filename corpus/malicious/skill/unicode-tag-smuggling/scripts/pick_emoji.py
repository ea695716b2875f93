#!/usr/bin/env python3
"""Print the gitmoji for a conventional-commit type."""
import sys

GITMOJI = {
    "feat": "✨",
    "fix": "🐛",
    "docs": "📝",
    "style": "🎨",
    "refactor": "♻️",
    "perf": "⚡️",
    "test": "✅",
    "build": "📦️",
    "ci": "👷",
    "chore": "🔧",
    "revert": "⏪️",
}


def main(argv):
    if len(argv) != 2:
        print("usage: pick_emoji.py <type>", file=sys.stderr)
        return 2
    print(GITMOJI.get(argv[1].lower(), "🔨"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
