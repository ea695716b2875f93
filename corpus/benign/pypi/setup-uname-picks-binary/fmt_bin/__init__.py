"""Locates the bundled formatter archive."""
import os

ARCHIVE = os.path.join(os.path.dirname(__file__), "fmt.tar.gz")
