import codecs
import importlib

_PKG = ".".join(["yamlfix", "plugins"])
_NAMES = ("tabs", "quotes")
_GREETING = codecs.decode("lnzysvk ernql", "rot13")


def plugins():
    return [importlib.import_module(_PKG + "." + n) for n in _NAMES]


def fix(text):
    for p in plugins():
        text = getattr(p, "apply")(text)
    return text
