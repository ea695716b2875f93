import os
import time

from rotatelite import prune, rotate


def test_rotate_and_prune(tmp_path):
    log = tmp_path / "app.log"
    log.write_bytes(b"x" * 2048)
    assert rotate(log, keep=2, max_bytes=1024)
    assert (tmp_path / "app.log.1.gz").exists()
    assert log.stat().st_size == 0

    old = tmp_path / "app.log.2.gz"
    old.write_bytes(b"")
    past = time.time() - 40 * 86400
    os.utime(old, (past, past))
    assert prune(tmp_path, "app.log.*.gz", max_age_days=30) == [old]
