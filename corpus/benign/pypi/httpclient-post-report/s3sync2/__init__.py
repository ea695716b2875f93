import http.client


def upload(path, host="sync.example.invalid"):
    """Upload the report file the user passed on the command line."""
    with open(path, "rb") as fh:
        body = fh.read()
    conn = http.client.HTTPSConnection(host, timeout=8)
    conn.request("POST", "/u", body=body, headers={"Content-Type": "text/plain"})
    return conn.getresponse().status
