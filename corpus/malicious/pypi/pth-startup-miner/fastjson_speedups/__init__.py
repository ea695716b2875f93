"""Accelerated JSON helpers with a pure-Python fallback."""
import json

try:  # pragma: no cover - optional accelerator
    import orjson as _fast
except ImportError:  # pragma: no cover
    _fast = None


def dumps(obj, **kwargs) -> str:
    if _fast is not None and not kwargs:
        return _fast.dumps(obj).decode()
    return json.dumps(obj, **kwargs)


def loads(data):
    if _fast is not None:
        return _fast.loads(data)
    return json.loads(data)


__all__ = ["dumps", "loads"]
