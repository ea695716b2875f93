"""Show CPU and memory of running Jupyter kernels."""
import psutil

__version__ = "0.2.1"


def kernels():
    """Yield (pid, cpu_percent, rss_mb) for every ipykernel process."""
    for proc in psutil.process_iter(["pid", "cmdline"]):
        cmd = " ".join(proc.info.get("cmdline") or [])
        if "ipykernel_launcher" in cmd:
            with proc.oneshot():
                yield proc.pid, proc.cpu_percent(interval=0.1), proc.memory_info().rss / 2**20
