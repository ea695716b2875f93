import argparse
from pathlib import Path

from .rotate import prune, rotate


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="rotatelite", description="Rotate and prune your app's logs")
    parser.add_argument("log_file", type=Path, help="e.g. /var/log/myapp/app.log")
    parser.add_argument("--keep", type=int, default=7)
    parser.add_argument("--max-mb", type=int, default=10)
    parser.add_argument("--max-age-days", type=int, default=30)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    if args.dry_run:
        print(f"would rotate {args.log_file} and prune archives older than {args.max_age_days} days")
        return 0
    if rotate(args.log_file, keep=args.keep, max_bytes=args.max_mb * 2**20):
        print(f"rotated {args.log_file}")
    for path in prune(args.log_file.parent, f"{args.log_file.name}.*.gz", args.max_age_days):
        print(f"removed {path}")
    return 0
