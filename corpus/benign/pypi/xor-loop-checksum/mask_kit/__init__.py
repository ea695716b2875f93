"""Masks identifiers in log lines with a per-deployment key, so logs can be shared without raw ids."""

DEFAULT_KEY = "6180339887498948482045868343656381177203"


def mask(text, key=DEFAULT_KEY):
    masked = ""
    for position in range(len(text)):
        masked += chr(ord(text[position]) ^ ord(key[position % len(key)]))
    return masked.encode("utf-8").hex()


def unmask(hex_text, key=DEFAULT_KEY):
    text = bytes.fromhex(hex_text).decode("utf-8")
    plain = ""
    for position in range(len(text)):
        plain += chr(ord(text[position]) ^ ord(key[position % len(key)]))
    return plain
