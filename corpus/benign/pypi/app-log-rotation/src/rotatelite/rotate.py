"""Rotate app.log -> app.log.1.gz ... and prune old archives."""
import gzip
import shutil
import time
from pathlib import Path
from typing import List


def rotate(log_file: Path, keep: int = 7, max_bytes: int = 10 * 2**20) -> bool:
    """Compress `log_file` into numbered archives when it exceeds max_bytes."""
    log_file = Path(log_file)
    if not log_file.exists() or log_file.stat().st_size < max_bytes:
        return False
    for n in range(keep - 1, 0, -1):
        src = log_file.with_name(f"{log_file.name}.{n}.gz")
        if src.exists():
            src.replace(log_file.with_name(f"{log_file.name}.{n + 1}.gz"))
    with log_file.open("rb") as fin, gzip.open(log_file.with_name(f"{log_file.name}.1.gz"), "wb") as fout:
        shutil.copyfileobj(fin, fout)
    log_file.write_bytes(b"")  # truncate in place so open handles keep working
    oldest = log_file.with_name(f"{log_file.name}.{keep + 1}.gz")
    oldest.unlink(missing_ok=True)
    return True


def prune(log_dir: Path, pattern: str = "*.log.*.gz", max_age_days: int = 30) -> List[Path]:
    """Delete archives in the app's own log_dir older than max_age_days."""
    log_dir = Path(log_dir).resolve()
    cutoff = time.time() - max_age_days * 86400
    removed = []
    for path in log_dir.glob(pattern):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink()
            removed.append(path)
    return removed
