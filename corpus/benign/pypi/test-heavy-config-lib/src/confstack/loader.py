"""defaults < config file < PREFIX_* environment variables < explicit overrides."""
import os
import tomllib
from pathlib import Path
from typing import Any, Mapping, Optional


def _coerce(raw: str) -> Any:
    lowered = raw.lower()
    if lowered in ("true", "yes", "on"):
        return True
    if lowered in ("false", "no", "off"):
        return False
    for cast in (int, float):
        try:
            return cast(raw)
        except ValueError:
            pass
    return raw


def _set_path(target: dict, dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    target[leaf] = value


def load(
    prefix: str,
    defaults: Optional[Mapping[str, Any]] = None,
    file: Optional[Path] = None,
    environ: Optional[Mapping[str, str]] = None,
    overrides: Optional[Mapping[str, Any]] = None,
) -> dict:
    """Merge settings. Only variables named PREFIX_* are read from the environment;
    a double underscore nests (APP_DB__HOST -> db.host)."""
    settings: dict = dict(defaults or {})
    if file is not None and Path(file).exists():
        with open(file, "rb") as fh:
            settings.update(tomllib.load(fh))
    env = os.environ if environ is None else environ
    marker = prefix.upper() + "_"
    for name, raw in env.items():
        if name.startswith(marker):
            _set_path(settings, name[len(marker):].lower().replace("__", "."), _coerce(raw))
    for dotted, value in (overrides or {}).items():
        _set_path(settings, dotted, value)
    return settings
