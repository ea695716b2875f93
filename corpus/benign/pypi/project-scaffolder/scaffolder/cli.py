"""Writes a starter manage.py for the user and initialises git; the written script is never run here."""
import os
import subprocess
import sys

MANAGE = """import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("APP_SETTINGS", "settings")
    print("usage: manage.py <command>", sys.argv[1:])
"""


def main() -> int:
    target = sys.argv[1] if len(sys.argv) > 1 else "new-project"
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "manage.py"), "w", encoding="utf-8") as handle:
        handle.write(MANAGE)
    subprocess.run(["git", "init", target], check=True)
    print(f"Created {target}; run: {sys.executable} {target}/manage.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
