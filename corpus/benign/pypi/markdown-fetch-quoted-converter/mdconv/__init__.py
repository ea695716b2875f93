import shlex
import shutil
import subprocess

import requests


def convert(origin: str, kind: str = "file", command: str = "pandoc -f gfm -t html <<< {md}") -> str:
    """Render Markdown with an external converter; `{md}` in the command is replaced by the quoted text."""
    if kind == "file":
        with open(origin, encoding="utf-8") as fh:
            text = fh.read()
    elif kind == "url":
        text = requests.get(origin, timeout=30).text
    elif kind == "gist":
        text = requests.get("https://gist.githubusercontent.com/" + origin + "/raw", timeout=30).text
    else:
        text = origin
    quoted = shlex.quote(text)
    shell = shutil.which("bash")
    if shell is None:
        raise RuntimeError("a custom converter command needs bash")
    done = subprocess.run(
        [shell, "-c", command.replace("{md}", quoted)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
    )
    return done.stdout.decode("utf-8", "replace")
