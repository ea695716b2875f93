import importlib
from importlib.metadata import entry_points

def load_all(group="plugloader.plugins"):
    out = {}
    for ep in entry_points(group=group):
        out[ep.name] = importlib.import_module(ep.module)
    return out

BACKENDS = {"json": "json", "fast": "ujson"}

def backend(name="json"):
    return importlib.import_module(BACKENDS[name])
