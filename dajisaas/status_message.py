"""Parsing of the order status messages DajiSaaS pushes to the callback URL."""

import json
import re
from collections.abc import Mapping
from decimal import Decimal

from pydantic import ValidationError

from .errors import MalformedMessageError
from .tolerant_model import TolerantModel

_MESSAGE_ENDPOINT = "(status message)"


class StatusMessageSku(TolerantModel):
    """A sub-order line of a status message, with its tracking info once shipped."""

    item_id: int | None = None
    sku_id: int | None = None
    order_line_no: str = ""
    status: str = ""
    logistic_company_name: str = ""
    logistic_number: str = ""


class StatusMessage(TolerantModel):
    """A pushed message, flattened: the ``data`` fields sit next to ``message_type``.

    Message order is not guaranteed: re-query the order before acting on ``status``.
    ``timestamp`` is in seconds, ``business_time`` in milliseconds. Fields a message type
    does not carry keep their defaults (e.g. ``purchase_id`` None for a type-8 message).
    """

    message_type: int
    seller_id: str = ""
    timestamp: int | None = None
    site: str = ""
    purchase_id: int | None = None
    outer_purchase_id: str = ""
    status: str = ""
    business_time: int | None = None
    sku_list: list[StatusMessageSku] = []
    purchase_order_id: int | None = None  # type 8 (price change) names the order this way

    @property
    def order_purchase_id(self) -> int | None:
        """The purchase order the message is about, whatever its type calls it."""
        return self.purchase_id or self.purchase_order_id


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def is_storable_text(text: str) -> bool:
    """Whether ``text`` can be stored and logged as it is: it holds no NUL (PostgreSQL
    refuses it) and no lone surrogate (UTF-8 cannot encode it)."""
    return not _UNSTORABLE.search(text)


def _unstorable_strings(value: object) -> bool:
    """Whether a parsed JSON value holds a string (key or value) that is not storable."""
    if isinstance(value, str):
        return not is_storable_text(value)
    if isinstance(value, Mapping):
        return any(_unstorable_strings(k) or _unstorable_strings(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_unstorable_strings(item) for item in value)
    return False


def _excerpt(text: str) -> str:
    return _UNSTORABLE.sub("\ufffd", text[:200])


def parse_status_message(message: str) -> StatusMessage:
    """Parse the ``message`` form field of a pushed message.

    Verify its signature first (:func:`~.signing.verify_message_signature`).

    :raises MalformedMessageError: the text is not a JSON object of the expected shape.
    """
    try:
        payload = json.loads(message, parse_float=Decimal)
    except ValueError:
        raise MalformedMessageError(
            "The DajiSaaS status message is not valid JSON; it was ignored.",
            body_excerpt=_excerpt(message),
            endpoint=_MESSAGE_ENDPOINT,
        ) from None
    # a parsed string can only be unstorable where the text is, or through a \u escape
    plain = isinstance(message, str) and "\\u" not in message and is_storable_text(message)
    if not plain and _unstorable_strings(payload):
        raise MalformedMessageError(
            "The DajiSaaS status message holds a NUL or a lone surrogate; it was ignored.",
            body_excerpt=_excerpt(message),
            endpoint=_MESSAGE_ENDPOINT,
        )
    if not isinstance(payload, Mapping):
        raise MalformedMessageError(
            "The DajiSaaS status message is not a JSON object; it was ignored.",
            body_excerpt=_excerpt(message),
            endpoint=_MESSAGE_ENDPOINT,
        )
    data = payload.get("data")
    # Top-level keys win (seller_id is a string there and a number in data).
    flattened = {**(data if isinstance(data, Mapping) else {}), **payload}
    flattened.pop("data", None)
    try:
        return StatusMessage.model_validate(flattened)
    except ValidationError as exc:
        raise MalformedMessageError(
            f"The DajiSaaS status message has an unexpected shape ({exc.error_count()} "
            "field errors); it was ignored.",
            body_excerpt=_excerpt(message),
            endpoint=_MESSAGE_ENDPOINT,
        ) from None
