import argparse
import json
import sys

from .credentials import resolve
from .sts import get_caller_identity


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="awswho", description="Print the AWS identity of a profile")
    parser.add_argument("--profile")
    parser.add_argument("--region", default="us-east-1")
    args = parser.parse_args(argv)
    try:
        ident = get_caller_identity(resolve(args.profile), args.region)
    except (LookupError, OSError) as exc:
        print(f"awswho: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(ident, indent=2))
    return 0
