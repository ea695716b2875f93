"""Checks that a TLS endpoint answers: connects, sends a fixed HEAD request and reads the status line."""
import socket
import ssl


def ping(host, port=443):
    context = ssl.create_default_context()
    with socket.create_connection((host, port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=host) as tls:
            tls.send(b"HEAD / HTTP/1.1\r\nHost: " + host.encode() + b"\r\n\r\n")
            return tls.recv(64).split(b"\r\n")[0]
