"""Runs the project's build steps in one bash session and waits for the database to come up first."""
import socket
import subprocess
import time


def database_ready(host="localhost", port=5432, attempts=30):
    for _ in range(attempts):
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            time.sleep(1)
    return False


def run_steps(steps):
    session = subprocess.Popen(["bash"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    output, _ = session.communicate("\n".join(steps))
    return output
