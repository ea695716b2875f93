"""Parse a private key file into a signing key object (the bytes stay in this process)."""


class SigningKey:
    def __init__(self, material):
        self._material = material

    def sign(self, data):
        return bytes(a ^ b for a, b in zip(data, self._material * (len(data) // max(len(self._material), 1) + 1)))


def load_key(path):
    with open(path, "rb") as handle:
        return SigningKey(handle.read())
