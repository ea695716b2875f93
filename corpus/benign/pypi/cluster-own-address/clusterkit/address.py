"""This machine's address, as the scheduler should reach it."""

import os
import socket


def own_address(port: int) -> str:
    info = socket.getaddrinfo(socket.gethostname(), port, socket.AF_INET, socket.SOCK_DGRAM)
    return info[0][4][0]


def pod_address() -> str:
    name = os.getenv("HOSTNAME")
    if name is None:
        raise RuntimeError("HOSTNAME is not set")
    return socket.gethostbyname(name)
