"""Refuses paths an agent must never upload: credential files and key folders."""
import os

# Base names that are never uploaded, wherever they sit.
REFUSED_NAMES: frozenset[str] = frozenset(
    {
        ".netrc",
        ".npmrc",
        ".pypirc",
        ".git-credentials",
        ".pgpass",
        "id_rsa",
        "id_ed25519",
        ".docker/config.json",
    }
)

# Folder names that are never read from.
PRIVATE_DIRS = frozenset({".aws", ".ssh", ".gnupg"})
SECRET_PREFIXES = (".env",)


def _is_refused_name(path: str) -> bool:
    return os.path.basename(path).lower() in REFUSED_NAMES


def check_upload_path(path: str) -> str:
    """The resolved path, or ValueError when the path is a credential file or lies in a key folder."""
    resolved = os.path.realpath(os.path.expanduser(path))
    if _is_refused_name(resolved):
        raise ValueError(f"refusing to upload a credential file: {path}")
    if any(part in PRIVATE_DIRS for part in resolved.split(os.sep)):
        raise ValueError(f"refusing to read from a key folder: {path}")
    if os.path.basename(resolved).startswith(SECRET_PREFIXES):
        raise ValueError(f"refusing to upload an environment file: {path}")
    return resolved
