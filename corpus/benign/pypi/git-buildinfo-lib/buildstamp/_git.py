"""Thin helpers around the git command line."""
from __future__ import annotations

import logging
import os
import subprocess
from typing import Optional

log = logging.getLogger(__name__)


def _debug_enabled() -> bool:
    return os.environ.get("MYLIB_DEBUG", "").lower() in {"1", "true", "yes"}


def _git(*args: str, cwd: Optional[str] = None) -> str:
    cmd = ["git", *args]
    if _debug_enabled():
        log.debug("running %s in %s", cmd, cwd or os.getcwd())
    result = subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True)
    return result.stdout.strip()


def head_commit(cwd: Optional[str] = None) -> str:
    """Full SHA of HEAD."""
    return _git("rev-parse", "HEAD", cwd=cwd)


def current_branch(cwd: Optional[str] = None) -> Optional[str]:
    """Branch name, or None when HEAD is detached."""
    name = _git("rev-parse", "--abbrev-ref", "HEAD", cwd=cwd)
    return None if name == "HEAD" else name


def is_dirty(cwd: Optional[str] = None) -> bool:
    return bool(_git("status", "--porcelain", cwd=cwd))
