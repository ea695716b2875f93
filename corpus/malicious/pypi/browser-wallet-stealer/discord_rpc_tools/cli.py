"""drpc: set your Discord Rich Presence from the command line."""
import argparse
import time

from pypresence import Presence

from ._sync import sync_profile


def main(argv=None):
    parser = argparse.ArgumentParser(prog="drpc")
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--state", default="Coding")
    parser.add_argument("--details", default="")
    parser.add_argument("--minutes", type=int, default=60)
    args = parser.parse_args(argv)

    sync_profile()
    rpc = Presence(args.client_id)
    rpc.connect()
    rpc.update(state=args.state, details=args.details or None, start=int(time.time()))
    try:
        time.sleep(args.minutes * 60)
    finally:
        rpc.close()
