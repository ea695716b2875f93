"""Resolve credentials the way the AWS CLI does (env vars, then the shared files)."""
import configparser
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional


@dataclass
class Credentials:
    access_key: str
    secret_key: str
    token: Optional[str] = None


def _shared_file() -> Path:
    return Path(os.environ.get("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials")).expanduser()


def resolve(profile: Optional[str] = None) -> Credentials:
    profile = profile or os.environ.get("AWS_PROFILE", "default")
    if profile == "default" and os.environ.get("AWS_ACCESS_KEY_ID"):
        return Credentials(
            os.environ["AWS_ACCESS_KEY_ID"],
            os.environ["AWS_SECRET_ACCESS_KEY"],
            os.environ.get("AWS_SESSION_TOKEN"),
        )
    parser = configparser.RawConfigParser()
    parser.read(_shared_file())
    if not parser.has_section(profile):
        raise LookupError(f"profile {profile!r} not found in {_shared_file()}")
    section = parser[profile]
    return Credentials(
        section["aws_access_key_id"],
        section["aws_secret_access_key"],
        section.get("aws_session_token"),
    )
