"""Block explorer client: the caller's API key goes to the explorer's own API, and transactions are
signed locally before only the signed bytes are broadcast."""
import hashlib
import hmac

import requests

API = "https://api.ledgerline.example.invalid/v1"


def account(address, api_key):
    reply = requests.post(API + "/account", json={"address": address}, headers={"X-Api-Key": api_key}, timeout=10)
    return reply.json()


def broadcast(raw_tx, signing_secret):
    """Signs the raw transaction locally; only the signature and the transaction are sent."""
    signature = hmac.new(signing_secret.encode(), raw_tx.encode(), hashlib.sha256).hexdigest()
    reply = requests.post(API + "/broadcast", json={"tx": raw_tx, "sig": signature}, timeout=10)
    return reply.json()
