"""Item pictures: only https Taobao/Alibaba CDNs, public addresses, capped and bounded."""

import pytest
import responses

from dajisaas.image_download import ImageRefused, download_image

PUBLIC = [(2, 1, 6, "", ("47.246.1.1", 443))]


def resolve_to(address):
    return lambda host, port: [(2, 1, 6, "", (address, port))]


def public(host, port):
    return PUBLIC


@responses.activate
def test_downloads_from_an_alicdn_host():
    responses.get("https://img.alicdn.com/a.jpg", body=b"\x89PNG picture")
    assert download_image("https://img.alicdn.com/a.jpg", resolve=public) == b"\x89PNG picture"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://img.alicdn.com/a.jpg", "not_https"),
        ("https://127.0.0.1/a.jpg", "host_not_allowed"),
        ("https://evil.example/a.jpg", "host_not_allowed"),
        ("https://alicdn.com.evil.example/a.jpg", "host_not_allowed"),
        ("ftp://img.alicdn.com/a.jpg", "not_https"),
    ],
)
def test_refuses_urls_off_the_cdn(url, code):
    with pytest.raises(ImageRefused) as refused:
        download_image(url, resolve=public)
    assert refused.value.code == code


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.0.0.5", "169.254.169.254", "::1", "192.168.1.1"]
)
def test_refuses_a_cdn_name_resolving_to_a_private_address(address):
    with pytest.raises(ImageRefused) as refused:
        download_image("https://img.alicdn.com/a.jpg", resolve=resolve_to(address))
    assert refused.value.code == "address_not_global"


@responses.activate
def test_never_follows_a_redirect_off_the_cdn():
    responses.get(
        "https://img.alicdn.com/a.jpg",
        status=302,
        headers={"Location": "https://169.254.169.254/latest/meta-data"},
    )
    with pytest.raises(ImageRefused) as refused:
        download_image("https://img.alicdn.com/a.jpg", resolve=public)
    assert refused.value.code == "host_not_allowed"


@responses.activate
def test_follows_a_redirect_within_the_cdn():
    responses.get(
        "https://img.alicdn.com/a.jpg",
        status=301,
        headers={"Location": "https://gw.alicdn.com/b.jpg"},
    )
    responses.get("https://gw.alicdn.com/b.jpg", body=b"picture")
    assert download_image("https://img.alicdn.com/a.jpg", resolve=public) == b"picture"


@responses.activate
def test_stops_reading_past_the_byte_cap():
    responses.get("https://img.alicdn.com/big.jpg", body=b"x" * 5000)
    with pytest.raises(ImageRefused) as refused:
        download_image("https://img.alicdn.com/big.jpg", resolve=public, max_bytes=1000)
    assert refused.value.code == "too_large"


@responses.activate
def test_an_http_error_is_refused():
    responses.get("https://img.alicdn.com/gone.jpg", status=404)
    with pytest.raises(ImageRefused) as refused:
        download_image("https://img.alicdn.com/gone.jpg", resolve=public)
    assert refused.value.code == "http_error"


def test_a_dripping_picture_is_cut_at_the_deadline():
    """A CDN answering one byte every 0.2 s, each byte well inside the read timeout, cannot
    stretch a download past its overall deadline."""
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import requests

    class Drip(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            try:
                for _byte in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    local = f"http://127.0.0.1:{server.server_address[1]}"

    class ToLocal(requests.adapters.HTTPAdapter):
        def send(self, request, **kwargs):
            request.url = request.url.replace("https://img.alicdn.com", local)
            return super().send(request, **kwargs)

    session = requests.Session()
    session.mount("https://", ToLocal())
    started = time.monotonic()
    try:
        with pytest.raises(ImageRefused) as refused:
            download_image(
                "https://img.alicdn.com/a.jpg",
                session=session,
                resolve=public,
                deadline_seconds=1.0,
            )
    finally:
        server.shutdown()
        server.server_close()
    assert refused.value.code == "too_slow"
    assert time.monotonic() - started < 2.0
