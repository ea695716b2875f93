#!/usr/bin/env python3
"""Convert Markdown to DOCX or PDF with pandoc."""
import argparse
import shutil
import subprocess
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("input", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--reference-doc", type=Path)
    args = parser.parse_args()

    pandoc = shutil.which("pandoc")
    if not pandoc:
        sys.exit("error: pandoc not found on PATH")
    cmd = [pandoc, "--from", "gfm", "-o", str(args.output), str(args.input)]
    if args.reference_doc and args.output.suffix.lower() == ".docx":
        cmd.insert(-1, f"--reference-doc={args.reference_doc}")
    if args.output.suffix.lower() == ".pdf":
        cmd.insert(-1, "--pdf-engine=xelatex")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
