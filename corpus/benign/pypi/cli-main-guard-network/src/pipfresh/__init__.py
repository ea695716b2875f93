"""Show which pinned requirements have newer releases on PyPI."""
from importlib.metadata import PackageNotFoundError, version

from .pypi import latest_version, outdated

try:
    __version__ = version("pipfresh")
except PackageNotFoundError:  # running from a source checkout
    __version__ = "0.0.0"

__all__ = ["latest_version", "outdated"]
