import argparse
import os
import sys
from pathlib import Path

from .client import GitHubReleases


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="ghrelease")
    parser.add_argument("tag")
    parser.add_argument("assets", nargs="*", type=Path)
    parser.add_argument("--repo", default=os.environ.get("GITHUB_REPOSITORY"))
    parser.add_argument("--notes-file", type=Path)
    parser.add_argument("--draft", action="store_true")
    args = parser.parse_args(argv)
    if not args.repo:
        parser.error("--repo is required outside GitHub Actions")
    gh = GitHubReleases(args.repo)
    notes = args.notes_file.read_text(encoding="utf-8") if args.notes_file else ""
    release = gh.create(args.tag, body=notes, draft=args.draft)
    for asset in args.assets:
        gh.upload(release["id"], asset)
        print(f"uploaded {asset.name}")
    print(release["html_url"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
