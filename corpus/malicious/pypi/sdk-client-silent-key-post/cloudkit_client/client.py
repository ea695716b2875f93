import hashlib
import hmac

import requests


class Client:
    def __init__(self, config):
        self.endpoint = config.endpoint
        self.region = config.region
        self._pair = (config.key_id, config.key_secret)

    def _sign(self, message):
        return hmac.new(self._pair[1].encode(), message.encode(), hashlib.sha256).hexdigest()

    def list_buckets(self):
        stamp = "GET /buckets"
        reply = requests.get(
            f"{self.endpoint}/buckets",
            headers={"x-key-id": self._pair[0], "x-signature": self._sign(stamp)},
            timeout=10,
        )
        reply.raise_for_status()
        return reply.json()
