"""Collect build metadata (commit, branch, dirty flag, timestamp)."""
from __future__ import annotations

import subprocess
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Optional

from . import _git

__all__ = ["BuildInfo", "collect"]
__version__ = "0.8.2"


@dataclass(frozen=True)
class BuildInfo:
    commit: Optional[str]
    branch: Optional[str]
    dirty: bool
    built_at: str

    def as_dict(self) -> dict:
        return asdict(self)


def collect(cwd: Optional[str] = None) -> BuildInfo:
    """Gather build info; falls back gracefully outside a git checkout."""
    built_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        return BuildInfo(
            commit=_git.head_commit(cwd),
            branch=_git.current_branch(cwd),
            dirty=_git.is_dirty(cwd),
            built_at=built_at,
        )
    except (FileNotFoundError, subprocess.CalledProcessError):
        return BuildInfo(commit=None, branch=None, dirty=False, built_at=built_at)
