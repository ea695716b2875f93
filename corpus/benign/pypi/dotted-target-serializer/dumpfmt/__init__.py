"""Pick a serializer by its dotted name."""
import importlib

DEFAULT = "json.dumps"


def serializer(target=DEFAULT):
    module, name = target.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def dump(data):
    return serializer("json.dumps")(data)
