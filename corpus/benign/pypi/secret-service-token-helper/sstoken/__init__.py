"""Stores this tool's own API token in the system keyring."""
import subprocess

import keyring

SERVICE = "sstoken"


def save(token: str) -> None:
    keyring.set_password(SERVICE, "default", token)


def load() -> str | None:
    return keyring.get_password(SERVICE, "default")


def save_with_cli(token: str) -> None:
    """Fallback for headless Linux: store the token with secret-tool under our own service name."""
    subprocess.run(
        ["secret-tool", "store", "--label=sstoken", "service", SERVICE],
        input=token.encode(),
        check=True,
    )
