"""The canonical name of the machine the console runs on, for its status page."""

import socket


def _lookup(name, family):
    try:
        return socket.getaddrinfo(name, None, family, socket.SOCK_DGRAM, 0, socket.AI_CANONNAME)
    except socket.gaierror:
        return None


def local_fqdn(family=socket.AF_INET):
    results = _lookup(socket.gethostname(), family)
    for _family, _kind, _proto, canonical, _address in results or []:
        if canonical and "." in canonical:
            return canonical
    return socket.getfqdn()
