"""Run the preload modules named in the worker's configuration (module names, files or URLs)."""

import importlib
import logging
import urllib.request
from types import ModuleType

logger = logging.getLogger(__name__)


def _is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def _fetch_module(address: str) -> ModuleType:
    """Download the preload the user configured and run it as a module."""
    logger.info("fetching preload from %s", address)
    with urllib.request.urlopen(address) as response:
        text = response.read()
    code = compile(text, address, "exec")
    module = ModuleType(address)
    exec(code, module.__dict__)
    return module


def run_preloads(config: dict) -> list:
    """Import each preload listed under `preload` in the user's configuration."""
    loaded = []
    for name in config.get("preload", []):
        if _is_url(name):
            loaded.append(_fetch_module(name))
        else:
            loaded.append(importlib.import_module(name))
    return loaded
