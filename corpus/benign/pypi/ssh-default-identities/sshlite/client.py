"""Connect to a server and authenticate with the key the caller names or the user's default identities."""

import os

from .keys import load_key


class Client:
    def __init__(self, transport):
        self._transport = transport

    def _default_identities(self):
        found = []
        for kind in ("rsa", "ecdsa", "ed25519"):
            # "ssh" is where some Windows ports keep the folder.
            for folder in (".ssh", "ssh"):
                candidate = os.path.expanduser("~/{}/id_{}".format(folder, kind))
                if os.path.isfile(candidate):
                    found.append(candidate)
        return found

    def authenticate(self, username, key_filename=None):
        paths = [key_filename] if key_filename else self._default_identities()
        for path in paths:
            key = load_key(path)
            if self._transport.auth_publickey(username, key):
                return True
        return False
