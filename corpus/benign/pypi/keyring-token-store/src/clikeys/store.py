"""Keychain-backed token storage for one named service."""
import getpass
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Optional


class TokenStore:
    """Save and load the token of *one* service, e.g. ``TokenStore("acme-cli")``.

    macOS uses the login keychain through /usr/bin/security; elsewhere the
    ``keyring`` package is used. If neither is available, the token is kept in
    ``~/.config/<service>/token`` with mode 0600.
    """

    def __init__(self, service: str, account: Optional[str] = None):
        if not service or "/" in service:
            raise ValueError("service must be a simple name")
        self.service = service
        self.account = account or getpass.getuser()

    # --- macOS -------------------------------------------------------------
    def _mac_get(self) -> Optional[str]:
        proc = subprocess.run(
            ["security", "find-generic-password", "-s", self.service, "-a", self.account, "-w"],
            capture_output=True, text=True,
        )
        return proc.stdout.strip() if proc.returncode == 0 else None

    def _mac_set(self, token: str) -> None:
        subprocess.run(
            ["security", "add-generic-password", "-U", "-s", self.service, "-a", self.account, "-w", token],
            check=True, capture_output=True,
        )

    # --- fallback file -----------------------------------------------------
    @property
    def _file(self) -> Path:
        base = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
        return base / self.service / "token"

    def get(self) -> Optional[str]:
        if sys.platform == "darwin":
            return self._mac_get()
        try:
            import keyring
            return keyring.get_password(self.service, self.account)
        except Exception:
            return self._file.read_text().strip() if self._file.exists() else None

    def set(self, token: str) -> None:
        if sys.platform == "darwin":
            return self._mac_set(token)
        try:
            import keyring
            keyring.set_password(self.service, self.account, token)
        except Exception:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            self._file.write_text(token)
            self._file.chmod(stat.S_IRUSR | stat.S_IWUSR)
