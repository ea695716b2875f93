"""Reports a worker's health to the dashboard the operator configured."""
import logging
import os
import socket

import requests

log = logging.getLogger(__name__)


def heartbeat(dashboard_url):
    """Called by the operator's scheduler, never on import."""
    host = socket.gethostname()
    log.info("worker on %s in %s reporting", host, os.getcwd())
    response = requests.get(dashboard_url + "/api/v1/ping", timeout=5)
    return response.status_code == 200
