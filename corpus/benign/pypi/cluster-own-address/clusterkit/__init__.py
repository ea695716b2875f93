"""Worker-side helpers for a small cluster scheduler."""

from .address import own_address, pod_address
from .scheduler import scheduler_ready

__all__ = ["own_address", "pod_address", "scheduler_ready"]
