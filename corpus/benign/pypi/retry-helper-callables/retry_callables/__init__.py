"""Retry any callable a few times; used by our release scripts."""
import subprocess
import threading
import time


def retry(action, *rest, attempts=3, pause=1.0):
    for n in range(attempts):
        try:
            return action(*rest)
        except Exception:
            if n == attempts - 1:
                raise
            time.sleep(pause)


def fetch_tags(repo):
    return retry(subprocess.run, ["git", "-C", repo, "fetch", "--tags"])


def watch(queue, handle):
    worker = threading.Thread(target=handle, args=(queue,), daemon=True)
    worker.start()
    return worker
