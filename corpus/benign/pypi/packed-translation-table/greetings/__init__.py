"""Greeting strings, packed once with zlib and base64 to keep the module small; decoded as JSON, never run."""
import base64
import json
import zlib

_PACKED = "eJyrVkrNU7JSqFbKSM3JyQeylDzADB0FpaTKVBDfPT8/BcSsBQqlFaGqdcrPy8ovLUJS7ViqUJRalp9ZBFafkopmdiKq2Y6laQrhmakpqUXFqRlAh9TWAgAaByub"

TABLE = json.loads(zlib.decompress(base64.b64decode(_PACKED)).decode())


def greet(lang="en"):
    return TABLE.get(lang, TABLE["en"])["hello"]
