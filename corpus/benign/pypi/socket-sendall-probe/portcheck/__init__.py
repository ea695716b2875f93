import socket


def is_open(host, port, probe=b"HEAD / HTTP/1.0\r\n\r\n"):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(2)
    try:
        s.connect((host, port))
        s.sendall(probe)
        return bool(s.recv(16))
    except OSError:
        return False
    finally:
        s.close()
