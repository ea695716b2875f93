"""On-disk cache of the token index: marshal is fast for plain dicts of str -> list[int]."""
import logging
import marshal
import zlib
from pathlib import Path

log = logging.getLogger(__name__)
FORMAT = 3


def save_index(path: Path, index: dict) -> None:
    blob = zlib.compress(marshal.dumps({"format": FORMAT, "index": index}))
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(blob)
    tmp.replace(path)


def load_index(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            stored = marshal.loads(zlib.decompress(fh.read()))
    except FileNotFoundError:
        return {}
    except Exception as exc:  # a cache from another Python version, or a truncated file
        log.debug("index cache at %s unreadable: %s", path, exc)
        return {}
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        return {}
    return stored["index"]
