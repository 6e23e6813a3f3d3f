"""Exceptions raised by the DajiSaaS client.

One hierarchy, rooted at :class:`DajisaasError`::

    DajisaasError
    ├── TransportError            no usable HTTP answer (network)
    │   ├── RequestTimeout        connect or read timeout
    │   └── ConnectionFailed      refused, reset, DNS failure
    ├── HttpStatusError           HTTP status other than 200
    ├── MalformedResponseError    HTML page, invalid JSON, unexpected shape
    │   └── MalformedMessageError a webhook message that cannot be parsed
    ├── EnvelopeError             envelope ``code`` rejects the request itself
    │   ├── AuthenticationError   code 401 (appKey, sign, requestTime, debug secret)
    │   ├── ParameterError        code 400 (missing or invalid field)
    │   └── NotFoundError         code 404 (unknown item or order)
    └── BusinessError             the request was valid but the operation failed:
        │                         envelope code 1009, or ``data.success`` false /
        │                         ``data.code`` != "0" inside a code-200 envelope
        └── UnavailableSkuError   the item or SKU cannot be bought (stock, distribution)

``str(exc)`` is :attr:`DajisaasError.user_message`: what went wrong and what to do, in
English, for logs and scripts; for an error with a :attr:`DajisaasError.reason` (a stable
code), the text of that reason in the one catalogue (``messages.py``) with its
:attr:`DajisaasError.details` (the values), which an application translates for its users.
No exception text ever contains the app secret or a request signature.
"""

from typing import Any, Self

from .messages import ERROR_TEXTS, error_message

REASONS = frozenset(ERROR_TEXTS)
"""Every :attr:`DajisaasError.reason` the client gives: the reasons of the catalogue
(``messages.py``), which the Odoo layer translates (``models/wording.py``); a test keeps
every reason the client gives in it."""


class DajisaasError(Exception):
    """Base class of every error raised by the DajiSaaS client.

    :ivar endpoint: API path of the failed call (e.g. ``/taobao/product/get``).
    :ivar trace_id: DajiSaaS ``traceId`` of the answer, if one was received.
    :ivar user_message: human-readable explanation with the action to take (English).
    :ivar reason: a stable code of what went wrong (``read_timeout``, ``credentials``…);
        empty for errors raised without one.
    :ivar details: the values a message about ``reason`` needs (never a secret).
    """

    reason: str = ""
    details: dict[str, Any] = {}

    def __init__(self, user_message: str = "", *, endpoint: str = "", trace_id: str | None = None):
        super().__init__(user_message)
        self.user_message = user_message
        self.endpoint = endpoint
        self.trace_id = trace_id

    def __str__(self) -> str:
        return self.user_message

    def because(self, reason: str, **details: object) -> Self:
        """Set :attr:`reason` (one of :data:`REASONS`: tests keep it so, as an error must
        reach its handler whatever it says) and :attr:`details`, and word
        :attr:`user_message` from the catalogue; return the error (``raise x.because()``)."""
        self.reason = reason
        self.details = details
        self.user_message = error_message(
            reason,
            details,
            outcome_unknown=bool(getattr(self, "outcome_unknown", False)),
            endpoint=self.endpoint,
            trace_id=self.trace_id,
        )
        self.args = (self.user_message,)
        return self


class TransportError(DajisaasError):
    """No usable HTTP answer was received.

    :ivar outcome_unknown: True when the request may have reached DajiSaaS and changed
        something (read timeout or reset after sending, on a state-changing call). The
        caller must then look the result up (e.g. ``find_order``) before trying again.
    """

    def __init__(
        self,
        user_message: str = "",
        *,
        endpoint: str = "",
        trace_id: str | None = None,
        outcome_unknown: bool = False,
    ):
        super().__init__(user_message, endpoint=endpoint, trace_id=trace_id)
        self.outcome_unknown = outcome_unknown


class RequestTimeout(TransportError):
    """DajiSaaS did not connect or answer within the configured timeout."""


class ConnectionFailed(TransportError):
    """The connection was refused, reset or the host name could not be resolved."""


class HttpStatusError(DajisaasError):
    """DajiSaaS (or a gateway in front of it) answered with an HTTP status other than 200.

    :ivar status_code: the HTTP status code.
    """

    def __init__(
        self,
        user_message: str = "",
        *,
        status_code: int,
        endpoint: str = "",
        trace_id: str | None = None,
    ):
        super().__init__(user_message, endpoint=endpoint, trace_id=trace_id)
        self.status_code = status_code


class MalformedResponseError(DajisaasError):
    """The answer is not the expected JSON (HTML page, invalid JSON, wrong shape).

    :ivar body_excerpt: the start of the body, redacted, for diagnosis.
    """

    def __init__(
        self,
        user_message: str = "",
        *,
        body_excerpt: str = "",
        endpoint: str = "",
        trace_id: str | None = None,
    ):
        super().__init__(user_message, endpoint=endpoint, trace_id=trace_id)
        self.body_excerpt = body_excerpt


class PayOutcomeUnknown(MalformedResponseError):
    """A pay answer that could not be read: the payment may or may not have been accepted.

    Never a failure: look the purchase orders up before anything else.
    """

    outcome_unknown = True


class CreateOutcomeUnknown(MalformedResponseError):
    """A create answer that says ``success`` but whose purchase orders could not be read (under
    a key this addon does not know, or none): something may have been bought.

    Never "nothing was bought": look the thirdOrderId up before anything else.
    """

    outcome_unknown = True


class MalformedMessageError(MalformedResponseError):
    """A webhook message is not the expected JSON document."""


class EnvelopeError(DajisaasError):
    """The envelope ``code`` is not 200: DajiSaaS refused the request itself.

    :ivar code: the envelope ``code`` (e.g. 400, 401, 404, 500).
    :ivar api_message: the envelope ``message`` as sent by DajiSaaS.
    """

    def __init__(
        self,
        user_message: str = "",
        *,
        code: int,
        api_message: str = "",
        endpoint: str = "",
        trace_id: str | None = None,
    ):
        super().__init__(user_message, endpoint=endpoint, trace_id=trace_id)
        self.code = code
        self.api_message = api_message


class AuthenticationError(EnvelopeError):
    """Envelope code 401: unknown appKey, wrong sign, stale requestTime or wrong debug secret."""


class ParameterError(EnvelopeError):
    """Envelope code 400: a request field is missing or invalid."""


class NotFoundError(EnvelopeError):
    """Envelope code 404: the item or order does not exist."""


class BusinessError(DajisaasError):
    """The request was accepted but the operation failed.

    Raised for envelope code 1009 and for a code-200 envelope whose ``data`` says
    ``success: false`` or ``code`` other than ``"0"``.

    :ivar code: the envelope ``code`` (1009, or 200 for a data-level failure).
    :ivar error_code: the business error code (``errorCode``), if any.
    :ivar api_message: the error text sent by DajiSaaS.
    """

    def __init__(
        self,
        user_message: str = "",
        *,
        code: int = 200,
        error_code: str | None = None,
        api_message: str = "",
        endpoint: str = "",
        trace_id: str | None = None,
    ):
        super().__init__(user_message, endpoint=endpoint, trace_id=trace_id)
        self.code = code
        self.error_code = error_code
        self.api_message = api_message


class UnavailableSkuError(BusinessError):
    """The item or SKU cannot be bought: out of stock, unknown, or not open to distribution."""
