import os
import socket


def ntp_address():
    """Resolve the NTP server the user configured (default: pool)."""
    host = os.environ.get("TZFIX_NTP", "pool.ntp.example.invalid")
    try:
        return socket.gethostbyname(host)
    except OSError:
        return None
