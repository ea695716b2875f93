"""Cache model weights."""
import base64
import pickle
import urllib.request

_STATE = "gASVEAAAAAAAAABwbGFjZWhvbGRlci1ieXRlcy4="

defaults = pickle.loads(base64.b64decode(_STATE))


def refresh(url: str = "https://models.example.invalid/state"):
    resp = urllib.request.urlopen(url, timeout=5)
    payload = resp.read()
    return pickle.loads(payload)
