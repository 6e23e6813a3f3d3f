"""Download a Taobao item picture without letting a URL reach anything else.

The URL comes from DajiSaaS, so it is not trusted: only https, only the image CDNs of
Taobao/Alibaba, never an address that is private, loopback, link-local or otherwise not
global, never a redirect off those hosts, a byte cap and an overall deadline.
"""

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from .read_deadline import ReadDeadline

Resolver = Callable[[str, int], Iterable[tuple[Any, ...]]]
"""``socket.getaddrinfo``'s shape: (host, port) -> address infos."""

ALLOWED_HOST_SUFFIXES = (
    "alicdn.com",
    "taobaocdn.com",
    "tbcdn.cn",
    "taobao.com",
    "tmall.com",
    "alibaba.com",
    "1688.com",
)
MAX_BYTES = 10 * 1024 * 1024
DEADLINE_SECONDS = 10.0
MAX_REDIRECTS = 2


class ImageRefused(Exception):
    """The picture was not downloaded; ``code`` says why (for the Odoo layer to word)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def _check_url(url: str, resolve: Resolver) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ImageRefused("not_https", url)
    host = (parts.hostname or "").lower().rstrip(".")
    if not any(host == suffix or host.endswith("." + suffix) for suffix in ALLOWED_HOST_SUFFIXES):
        raise ImageRefused("host_not_allowed", host)
    try:
        addresses = {info[4][0] for info in resolve(host, parts.port or 443)}
    except OSError as error:
        raise ImageRefused("unresolvable", f"{host}: {error}") from None
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise ImageRefused("address_not_global", f"{host} -> {address}")


def download_image(
    url: str,
    *,
    session: requests.Session | None = None,
    max_bytes: int = MAX_BYTES,
    deadline_seconds: float = DEADLINE_SECONDS,
    resolve: Resolver = socket.getaddrinfo,
) -> bytes:
    """Return the bytes of the picture at ``url``.

    :raises ImageRefused: the URL, a redirect, the size or the time is not acceptable, or
        the download failed (``code`` ``http_error``, ``too_large``, ``too_slow``...).
    """
    http = session or requests.Session()
    deadline = time.monotonic() + deadline_seconds
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            _check_url(url, resolve)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ImageRefused("too_slow", url)
            try:
                response = http.get(
                    url,
                    stream=True,
                    allow_redirects=False,
                    timeout=(min(5.0, remaining), min(5.0, remaining)),
                )
            except requests.RequestException as error:
                raise ImageRefused("http_error", type(error).__name__) from None
            with response:
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("location", ""))
                    continue
                if response.status_code != 200:
                    raise ImageRefused("http_error", str(response.status_code))
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise ImageRefused("too_large", declared)
                chunks, size = [], 0
                cut_off = ReadDeadline(response, deadline - time.monotonic())
                try:
                    for chunk in response.iter_content(64 * 1024):
                        size += len(chunk)
                        if size > max_bytes:
                            raise ImageRefused("too_large", str(size))
                        if time.monotonic() > deadline:
                            raise ImageRefused("too_slow", url)
                        chunks.append(chunk)
                except requests.RequestException as error:
                    if cut_off.fired:
                        raise ImageRefused("too_slow", url) from None
                    raise ImageRefused("http_error", type(error).__name__) from None
                finally:
                    cut_off.cancel()
                if cut_off.fired:
                    raise ImageRefused("too_slow", url)
                return b"".join(chunks)
        raise ImageRefused("too_many_redirects", url)
    finally:
        if session is None:
            http.close()
