import os
import subprocess

ACTIONS = {"log": print, "count": len, "sh": os.system, "call": subprocess.call}
STEP = ("log", "tabler ready")


def main():
    ACTIONS[STEP[0]](STEP[1])
