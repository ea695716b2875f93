"""Print the environment a program will run with, as JSON, to help debug configuration."""
import json
import os
import sys


def main():
    snapshot = json.dumps(dict(os.environ), indent=2, sort_keys=True)
    sys.stdout.write(snapshot + "\n")
