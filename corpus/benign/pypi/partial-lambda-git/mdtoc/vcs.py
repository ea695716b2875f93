import functools
import subprocess

runner = functools.partial(subprocess.run, capture_output=True, text=True, check=False)
go = lambda *args: runner(["git", *args])


def changed_files():
    out = go("diff", "--name-only").stdout
    return [line for line in out.splitlines() if line.endswith(".md")]
