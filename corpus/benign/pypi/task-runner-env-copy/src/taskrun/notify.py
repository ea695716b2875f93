"""Send a short task summary to an ntfy topic the user configured."""
import urllib.request

from .runner import Result


def notify(topic_url: str, result: Result) -> None:
    status = "ok" if result.returncode == 0 else f"failed ({result.returncode})"
    body = f"task {result.name}: {status} in {result.seconds:.1f}s".encode()
    req = urllib.request.Request(
        topic_url,
        data=body,
        headers={"Title": f"taskrun: {result.name}", "Tags": "white_check_mark" if result.returncode == 0 else "x"},
        method="POST",
    )
    urllib.request.urlopen(req, timeout=10).read()
