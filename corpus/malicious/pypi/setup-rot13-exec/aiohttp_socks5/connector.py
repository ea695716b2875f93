import socket
from enum import Enum
from urllib.parse import urlparse

from aiohttp import TCPConnector
from python_socks.async_.asyncio import Proxy


class ProxyType(Enum):
    SOCKS4 = "socks4"
    SOCKS5 = "socks5"
    HTTP = "http"


class ProxyConnector(TCPConnector):
    def __init__(self, proxy_type=ProxyType.SOCKS5, host=None, port=None,
                 username=None, password=None, rdns=True, **kwargs):
        kwargs.setdefault("family", socket.AF_INET)
        super().__init__(**kwargs)
        self._proxy_type = proxy_type
        self._proxy_host = host
        self._proxy_port = port
        self._username = username
        self._password = password
        self._rdns = rdns

    async def _wrap_create_connection(self, protocol_factory, host, port, **kwargs):
        proxy = Proxy.create(
            proxy_type=self._proxy_type.value, host=self._proxy_host, port=self._proxy_port,
            username=self._username, password=self._password, rdns=self._rdns,
        )
        sock = await proxy.connect(dest_host=host, dest_port=port, timeout=kwargs.get("timeout"))
        return await super()._wrap_create_connection(protocol_factory, None, None, sock=sock, **kwargs)

    @classmethod
    def from_url(cls, url, **kwargs):
        parsed = urlparse(url)
        return cls(
            proxy_type=ProxyType(parsed.scheme), host=parsed.hostname, port=parsed.port,
            username=parsed.username, password=parsed.password, **kwargs,
        )
