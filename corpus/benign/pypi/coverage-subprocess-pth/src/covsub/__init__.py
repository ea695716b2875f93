"""Start coverage in every Python subprocess when COVERAGE_PROCESS_START is set.

The covsub.pth file installed into site-packages runs at interpreter start-up
and calls start() only when that variable names a coverage config file, which
is what ``coverage run --concurrency=multiprocessing`` and pytest-cov set.
"""
import os

__version__ = "1.0.3"
_started = False


def start():
    global _started
    if _started:
        return None
    config = os.environ.get("COVERAGE_PROCESS_START")
    if not config or not os.path.isfile(config):
        return None
    import coverage

    _started = True
    return coverage.process_startup()
