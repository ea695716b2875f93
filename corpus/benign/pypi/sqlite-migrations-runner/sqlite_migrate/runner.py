"""Apply and roll back migrations."""
import datetime
import os
import shutil
import sqlite3

CACHE_DIR = os.path.join(os.path.expanduser("~"), ".cache", "sqlite-migrate")

DOWN = {
    3: ["DROP TABLE IF EXISTS audit_log"],
    2: ["DROP TABLE IF EXISTS sessions", "DROP INDEX IF EXISTS idx_users_email"],
}


def tables(con: sqlite3.Connection) -> list:
    return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]


def rollback(con: sqlite3.Connection, version: int) -> None:
    for statement in DOWN.get(version, []):
        con.execute(statement)
    con.commit()


def prune_cache(expires: datetime.date) -> None:
    if datetime.date.today() > expires:
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
