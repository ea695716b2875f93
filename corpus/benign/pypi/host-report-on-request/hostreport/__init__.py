"""Health pings for a worker: the host name goes to the local log only; the ping itself carries no identity."""
import logging
import socket

import requests

HOST = socket.gethostname()
log = logging.getLogger(__name__)
log.info("hostreport loaded on %s", HOST)


def ping(monitor_url):
    log.info("pinging %s from %s", monitor_url, HOST)
    return requests.get(monitor_url, timeout=5)
