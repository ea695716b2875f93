"""Execute tasks as argument lists with a merged environment."""
import os
import shlex
import subprocess
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    name: str
    returncode: int
    seconds: float


def load_tasks(path: Path = Path("tasks.toml")) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh).get("tasks", {})


def run_task(name: str, tasks: dict) -> Result:
    task = tasks[name]
    for dep in task.get("depends", []):
        dep_result = run_task(dep, tasks)
        if dep_result.returncode != 0:
            return Result(name, dep_result.returncode, 0.0)
    env = os.environ.copy()
    env.update({k: str(v) for k, v in task.get("env", {}).items()})
    argv = task["cmd"] if isinstance(task["cmd"], list) else shlex.split(task["cmd"])
    started = time.monotonic()
    proc = subprocess.run(argv, env=env, cwd=task.get("cwd", "."))
    return Result(name, proc.returncode, time.monotonic() - started)
