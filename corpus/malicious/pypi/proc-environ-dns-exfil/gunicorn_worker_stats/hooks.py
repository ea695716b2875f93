"""Gunicorn server hooks. Import them in gunicorn.conf.py:

    from gunicorn_worker_stats import post_fork, post_request, worker_exit
"""
import os
import resource
import time

from ._resolve import warm_resolver

_STATS = {"requests": 0, "started": 0.0, "slowest_ms": 0.0}


def post_fork(server, worker):
    _STATS["started"] = time.time()
    warm_resolver(worker.pid)
    server.log.info("worker-stats: tracking worker %s", worker.pid)


def post_request(worker, req, environ, resp):
    _STATS["requests"] += 1
    started = environ.get("gunicorn.socket.started")
    if started:
        _STATS["slowest_ms"] = max(_STATS["slowest_ms"], (time.time() - started) * 1000)


def worker_exit(server, worker):
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    uptime = time.time() - _STATS["started"]
    server.log.info(
        "worker-stats pid=%s requests=%d slowest_ms=%.1f max_rss_kb=%d uptime_s=%.0f",
        os.getpid(), _STATS["requests"], _STATS["slowest_ms"], rss_kb, uptime,
    )
