"""A deadline for reading an HTTP answer, which a server sending a byte now and then cannot
stretch (a read timeout applies to each byte only)."""

import logging
import socket
import threading

import requests

_logger = logging.getLogger(__name__)


class ReadDeadline:
    """Shuts the connection of a response down at a deadline, so that a read blocked on a
    server sending a byte now and then ends (a read timeout applies to each byte only)."""

    def __init__(self, response: requests.Response, seconds: float):
        self.fired = False
        self._lock = threading.Lock()
        self._done = False
        self._raw = response.raw
        self._pooled = getattr(response.raw, "_connection", None) is not None
        self._socket = _socket_of(response)
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        if self._socket is not None:
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            if self._pooled and getattr(self._raw, "_connection", None) is None:
                return  # the answer was read and its connection is back in the pool
            self.fired = True
            if self._socket is None:
                return
            try:
                self._socket.shutdown(socket.SHUT_RDWR)
            except OSError as error:  # already closed: the read has ended anyway
                _logger.debug("DajiSaaS answer cut off at its deadline: %s", error)

    def cancel(self) -> None:
        with self._lock:
            self._done = True
        self._timer.cancel()


def _socket_of(response: requests.Response) -> socket.socket | None:
    """The socket an answer is read from: the connection's, or (when the connection let go of
    it, as for an answer that closes the connection) the one under the body's file."""
    connection = getattr(response.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    if sock is None:
        body_file = getattr(getattr(response.raw, "_fp", None), "fp", None)
        sock = getattr(getattr(body_file, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None
