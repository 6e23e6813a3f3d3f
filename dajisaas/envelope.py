"""Reading the DajiSaaS response envelope and turning every failure into an exception.

A call succeeds only when the HTTP status is 200, the envelope ``code`` is 200 and, when
present, ``data.success`` is true and ``data.code`` is ``"0"`` (also checked one level
down, in ``data.result``, where preview puts its upstream result).
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .conventions import UNAVAILABLE_SKU_ERROR_CODES
from .errors import (
    AuthenticationError,
    BusinessError,
    EnvelopeError,
    HttpStatusError,
    MalformedResponseError,
    NotFoundError,
    ParameterError,
    UnavailableSkuError,
)
from .tolerant_model import lookup

ENVELOPE_OK = 200
BUSINESS_ERROR_CODE = 1009
BODY_EXCERPT_LENGTH = 300

_ENVELOPE_ERRORS = {
    400: ParameterError,
    401: AuthenticationError,
    404: NotFoundError,
}


@dataclass(frozen=True)
class Envelope:
    """A successful envelope: its ``data`` and ``traceId``."""

    data: object
    trace_id: str | None


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _load_json(body: str) -> object:
    try:
        return json.loads(body, parse_float=Decimal)
    except ValueError:
        return None


def trace_id_of(body: str) -> str | None:
    """Return the ``traceId`` of a JSON envelope body, or None."""
    payload = _load_json(body)
    if isinstance(payload, Mapping):
        trace_id = lookup(payload, "traceId")
        return str(trace_id) if trace_id is not None else None
    return None


def parse_envelope(
    endpoint: str,
    status_code: int,
    body: str,
    redact: Callable[[str], str],
    business_error: type[BusinessError] = BusinessError,
) -> Envelope:
    """Check an HTTP answer and return its envelope, or raise the precise error.

    :param redact: removes secrets from text kept in the raised exception.
    :param business_error: class raised for envelope code 1009 (the bunker endpoint uses
        :class:`UnavailableSkuError`: there 1009 means "not open to distribution").
    """
    excerpt = redact(body[:BODY_EXCERPT_LENGTH])
    if status_code != 200:
        trace_id = trace_id_of(body)
        reason = (
            "server_failed"
            if status_code >= 500
            else "http_not_found"
            if status_code == 404
            else "http_status"
        )
        raise HttpStatusError(
            status_code=status_code,
            endpoint=endpoint,
            trace_id=trace_id,
        ).because(reason, endpoint=endpoint, status=status_code)
    if body.lstrip()[:1] == "<":
        raise MalformedResponseError(
            body_excerpt=excerpt,
            endpoint=endpoint,
        ).because("html_page", endpoint=endpoint)
    payload = _load_json(body)
    if payload is None:
        raise MalformedResponseError(
            body_excerpt=excerpt,
            endpoint=endpoint,
        ).because("invalid_json", endpoint=endpoint)
    code = _as_int(payload.get("code")) if isinstance(payload, Mapping) else None
    if code is None:
        raise MalformedResponseError(
            body_excerpt=excerpt,
            endpoint=endpoint,
        ).because("not_an_envelope", endpoint=endpoint)
    assert isinstance(payload, Mapping)  # a numeric code was read from it
    trace = lookup(payload, "traceId")
    trace_id = str(trace) if trace is not None else None
    api_message = redact(str(payload.get("message") or ""))
    data = payload.get("data")
    if code == ENVELOPE_OK:
        return Envelope(data=data, trace_id=trace_id)
    if code == BUSINESS_ERROR_CODE:
        raise _business_error(business_error, endpoint, code, data, api_message, trace_id, redact)
    raise _envelope_error(endpoint, code, api_message, trace_id)


def _envelope_error(
    endpoint: str, code: int, api_message: str, trace_id: str | None
) -> EnvelopeError:
    error_class = _ENVELOPE_ERRORS.get(code, EnvelopeError)
    reason = {
        AuthenticationError: "credentials",
        ParameterError: "parameter",
        NotFoundError: "not_found",
    }.get(error_class, "refused")
    return error_class(
        code=code, api_message=api_message, endpoint=endpoint, trace_id=trace_id
    ).because(reason, endpoint=endpoint, code=code, message=api_message)


def _business_error(
    error_class: type[BusinessError],
    endpoint: str,
    code: int,
    data: object,
    api_message: str,
    trace_id: str | None,
    redact: Callable[[str], str],
) -> BusinessError:
    result = lookup(data, "result") if isinstance(data, Mapping) else None
    result = result if isinstance(result, Mapping) else {}
    error_code = lookup(result, "errorCode")
    detail = lookup(result, "errorInfo", "errorMsg", "errorMessage")
    if detail:
        detail = redact(str(detail))
        api_message = f"{api_message}: {detail}" if api_message else detail
    return _build_business_error(
        error_class,
        endpoint,
        code,
        str(error_code) if error_code is not None else None,
        api_message,
        trace_id,
    )


def _build_business_error(
    error_class: type[BusinessError],
    endpoint: str,
    code: int,
    error_code: str | None,
    api_message: str,
    trace_id: str | None,
) -> BusinessError:
    if error_code in UNAVAILABLE_SKU_ERROR_CODES:
        error_class = UnavailableSkuError
    return error_class(
        code=code,
        error_code=error_code,
        api_message=api_message,
        endpoint=endpoint,
        trace_id=trace_id,
    ).because(
        "unavailable" if issubclass(error_class, UnavailableSkuError) else "business",
        endpoint=endpoint,
        error_code=error_code or "",
        message=api_message,
    )


def raise_for_data_failure(
    endpoint: str, data: object, trace_id: str | None, redact: Callable[[str], str]
) -> None:
    """Raise :class:`BusinessError` if ``data`` (or ``data.result``) reports a failure."""
    if not isinstance(data, Mapping):
        return
    candidates = [data]
    result = lookup(data, "result")
    if isinstance(result, Mapping):
        candidates.append(result)
    for candidate in candidates:
        success = lookup(candidate, "success")
        status = lookup(candidate, "code")
        failed = success is False or str(success).lower() == "false"
        if status is not None and str(status) != "0":
            failed = True
        if not failed:
            continue
        error_code = lookup(candidate, "errorCode")
        detail = lookup(candidate, "errorMessage", "errorMsg", "errorInfo", "message")
        raise _build_business_error(
            BusinessError,
            endpoint,
            ENVELOPE_OK,
            str(error_code) if error_code is not None else None,
            redact(str(detail)) if detail else "operation failed",
            trace_id,
        )
