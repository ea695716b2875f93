"""`tidewatch` command line."""
from __future__ import annotations

import argparse
import sys

from .client import Client, TidewatchError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tidewatch")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("monitors", help="list monitors")
    st = sub.add_parser("status", help="status of one monitor")
    st.add_argument("monitor")
    args = parser.parse_args(argv)

    try:
        client = Client()
        if args.cmd == "monitors":
            for m in client.monitors():
                print(f"{m['name']:<30} {m['status']}")
        else:
            s = client.status(args.monitor)
            print(f"{args.monitor}: {s['status']} (checked {s['checked_at']})")
    except TidewatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
