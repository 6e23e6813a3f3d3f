"""Record of one HTTP attempt, handed to the client's ``on_exchange`` hook."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Exchange:
    """One HTTP attempt against DajiSaaS, redacted (safe to store and display).

    :ivar method: ``GET`` or ``POST``.
    :ivar endpoint: the API path, e.g. ``/taobao/purchase/order/create``.
    :ivar url_without_query: full URL without the query string.
    :ivar request: query params (GET) or JSON body (POST); ``appSecret`` and ``sign``
        replaced by ``***``.
    :ivar response_body: the body as received, redacted and truncated ("" if none).
    :ivar status_code: HTTP status, or None when no answer arrived.
    :ivar duration_ms: time from sending to the end of the answer (or the failure).
    :ivar trace_id: the envelope ``traceId`` when the body had one.
    :ivar error: the user message of the error this attempt produced, if any.
    :ivar attempt: 1 for the first try, 2 for the first retry, and so on.
    :ivar string_to_sign: the text the request's sign was computed over, the secret masked
        (``None`` in debug mode): what DajiSaaS support compares with its own.
    """

    method: str
    endpoint: str
    url_without_query: str
    request: dict[str, Any]
    response_body: str
    status_code: int | None
    duration_ms: int
    trace_id: str | None
    error: str | None
    attempt: int
    string_to_sign: str | None = None


BULKY_KEYS = frozenset({"image_base64"})
"""Request values too large to keep in a log: a picture is noted by its size only."""


def without_bulk(request: Mapping[str, Any]) -> dict[str, Any]:
    """``request`` as an exchange keeps it: each bulky value replaced by its size."""
    return {
        key: f"<{len(value)} characters of base64>"
        if key in BULKY_KEYS and isinstance(value, str)
        else value
        for key, value in request.items()
    }
