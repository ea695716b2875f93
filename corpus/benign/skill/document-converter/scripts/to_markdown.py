#!/usr/bin/env python3
"""Convert a document to GitHub-flavoured Markdown using pandoc or pdftotext."""
import argparse
import shutil
import subprocess
import sys
from pathlib import Path

PANDOC_INPUTS = {".docx": "docx", ".pptx": "pptx", ".odt": "odt", ".html": "html", ".htm": "html", ".epub": "epub"}


def need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        sys.exit(f"error: {tool} not found on PATH")
    return path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("input", type=Path)
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--media-dir", default="media")
    args = parser.parse_args()

    src = args.input
    out = args.output or src.with_suffix(".md")
    if out.resolve() == src.resolve():
        sys.exit("error: refusing to overwrite the input file")
    ext = src.suffix.lower()

    if ext in PANDOC_INPUTS:
        cmd = [need("pandoc"), "--from", PANDOC_INPUTS[ext], "--to", "gfm", "--wrap=none",
               f"--extract-media={args.media_dir}", "-o", str(out), str(src)]
    elif ext == ".pdf":
        cmd = [need("pdftotext"), "-layout", "-enc", "UTF-8", str(src), str(out)]
    else:
        sys.exit(f"error: unsupported input type {ext}")

    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        return proc.returncode
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
