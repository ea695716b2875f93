"""Resolve every host listed in the user's hostcheck config and print the addresses."""
import json
import os
import socket


def _hosts(location):
    with open(os.path.expanduser(location)) as handle:
        return json.load(handle).get("hosts", [])


def report(location="~/.config/hostcheck/hosts.json"):
    for seq, host in enumerate(_hosts(location)):
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, 443)}
        except OSError:
            addresses = set()
        print("%d %s %s" % (seq, host, ", ".join(sorted(addresses)) or "-"))
