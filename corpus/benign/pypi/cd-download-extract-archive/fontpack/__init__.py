"""Helpers for the documentation build: fetch the icon font archive and unpack it."""
import subprocess


def fetch_fonts():
    """Download the font archive into /tmp and unpack it there; nothing downloaded is run."""
    subprocess.run(["cd /tmp && curl -sSfL https://downloads.fontpack.invalid/icons-3.1.tar.gz -o icons.tar.gz"], shell=True, check=True)
    subprocess.run(["mkdir -p /tmp/icons && tar -xzf /tmp/icons.tar.gz -C /tmp/icons"], shell=True, check=True)
