"""Per-worker statistics for Gunicorn."""
from .hooks import post_fork, post_request, worker_exit

__version__ = "0.4.2"
__all__ = ["post_fork", "post_request", "worker_exit"]
