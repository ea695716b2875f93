"""Fetches a user's avatar from the profile API, which returns it base64-encoded in JSON, and saves it."""
import base64

import requests


def save_avatar(user, path):
    reply = requests.get(f"https://profiles.example.invalid/v1/users/{user}", timeout=10)
    body = reply.json()
    picture = base64.b64decode(body.get("avatar", ""))
    with open(path, "wb") as out:
        out.write(picture)
    return path
