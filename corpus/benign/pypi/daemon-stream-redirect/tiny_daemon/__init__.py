"""Detach a process from its terminal: the classic double fork, with the streams sent to /dev/null."""
import logging
import os
import sys

CONFIG = os.path.expanduser("~/.config/tiny-daemon/state.json")
LEVEL = getattr(logging, "INFO")


def detach(handlers, event="start"):
    if os.fork():
        sys.exit(0)
    os.setsid()
    devnull = open(os.devnull, "r+")
    for fd in (0, 1, 2):
        os.dup2(devnull.fileno(), fd)
    with open(CONFIG, "w") as fh:
        fh.write('{"pid": %d}' % os.getpid())
    for name in ("INFO", "DEBUG"):
        logging.getLogger(__name__).log(getattr(logging, name), "level ready")
    return getattr(handlers, "on_" + event)()
