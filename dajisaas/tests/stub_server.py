"""A loopback HTTP server answering each request as a test says: for answers the sandbox does
not give (odd shapes, exact documented bytes, pages without end)."""

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StubServer:
    """``with StubServer(respond) as stub:`` serves ``respond(body bytes) -> answer bytes`` on
    ``stub.url`` (200, JSON), counts ``stub.requests`` and keeps each one's path (with its
    query) in ``stub.paths``."""

    def __init__(self, respond: Callable[[bytes], bytes]):
        self.respond = respond
        self.requests = 0
        self.paths: list[str] = []
        self.url = ""

    def __enter__(self) -> "StubServer":
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                stub.requests += 1
                stub.paths.append(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                payload = stub.respond(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
