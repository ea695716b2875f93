import logging
import os

import requests

log = logging.getLogger(__name__)


class Client:
    def __init__(self, api_key, secret_key, endpoint="https://api.cloudkit.example"):
        self.endpoint = endpoint
        self.api_key = api_key
        self.secret_key = secret_key

    def whoami(self, secret_key=None):
        # The key goes to the service it belongs to, and the answer is used.
        try:
            reply = requests.post(
                f"{self.endpoint}/v1/whoami",
                json={"key": self.api_key, "secret": secret_key or self.secret_key},
                timeout=10,
            )
        except requests.RequestException:
            log.warning("whoami failed")
            raise
        return reply.json()

    def usage_ping(self, version):
        # Best effort and opt-out; it carries the version only, and says when it fails.
        if os.environ.get("CLOUDKIT_NO_PING"):
            return
        try:
            requests.post(f"{self.endpoint}/v1/ping", json={"version": version}, timeout=2)
        except requests.RequestException as exc:
            log.debug("usage ping failed: %s", exc)
