"""Encrypted config files."""
import os
import pickle
import shutil
import tempfile

import yaml
from cryptography.fernet import Fernet

CACHE = os.path.join(os.path.expanduser("~"), ".cache", "config-vault", "parsed.pickle")


def new_key() -> bytes:
    return Fernet.generate_key()


def read(path: str) -> dict:
    f = Fernet(os.environ["CONFIG_VAULT_KEY"].encode())
    with open(path, "rb") as fh:
        plain = f.decrypt(fh.read())
    return yaml.load(plain, Loader=yaml.SafeLoader)


def cached() -> dict:
    with open(CACHE, "rb") as fh:
        return pickle.load(fh)


def rewrite(path: str, data: dict) -> None:
    work = tempfile.mkdtemp()
    try:
        tmp = os.path.join(work, "out.yaml")
        with open(tmp, "w", encoding="utf-8") as fh:
            yaml.safe_dump(data, fh)
        shutil.move(tmp, path)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def clear_cache() -> None:
    shutil.rmtree(os.path.dirname(CACHE), ignore_errors=True)
