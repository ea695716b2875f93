#!/usr/bin/env python
"""Template for the single-file installer; the build writes the packed helper in place of the marker."""

import base64
import sys

PACKED = """
@PACKED-HELPER@
"""
VERSION = "@PACKED-VERSION@"

HELPER = base64.b64decode(PACKED.encode("ascii"))

# Placeholder replaced when the packed helper runs.
def setup_command():
    raise NotImplementedError

# Make the packed helper importable from this one file.
exec(HELPER.decode(), globals())


if __name__ == "__main__":
    setup_command()
    sys.exit(0)
