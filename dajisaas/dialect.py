"""The conventions the DajiSaaS documentation leaves open, as named choices.

A :class:`Dialect` holds one choice for each of them. The client reads its choices from the
dialect it was built with (the addon keeps one per company), so that when DajiSaaS answers a
question, or a connection check finds the answer, a setting changes and no code does.
``docs/wire-contract.md`` says, for each choice, what is documented, what is assumed and
which question to ask DajiSaaS.

Answer shapes are not chosen but recognised: the parsers accept every shape named in
``answer_shapes`` and refuse the rest.
"""

import itertools
from dataclasses import dataclass, fields, replace
from typing import ClassVar, Self

# --- The text an MD5 sign is made of ---------------------------------------------------

SIGN_TEXTS = ("pairs", "top")
"""``pairs``: ``k1=v1&k2=v2&secret=S`` (the docs' reading, the contract's); ``top``:
``S k1v1k2v2 S`` without separators, Taobao Open Platform's own rule, which a gateway in
front of it may have kept."""

SIGN_CASES = ("upper", "lower")
"""The MD5 hex digest in upper case (the docs' example) or lower case."""

# --- POST-JSON signing ---------------------------------------------------------------

POST_SIGNED_FIELDS = ("credentials", "scalars", "values")
"""Which fields the sign of a POST covers, besides ``&secret=``.

``credentials``: ``appKey`` and ``requestTime`` only (the contract's reading of the docs'
"simplified rule"); ``scalars``: every top-level string, number and boolean; ``values``:
every top-level field, lists and objects as compact JSON.
"""

REQUEST_TIME_FORMATS = ("ms_string", "ms_number", "s_string")
"""``requestTime``: epoch milliseconds as a string of digits, as a JSON number, or epoch
seconds as a string."""

CREDENTIALS_PLACES = ("body", "query")
"""Where ``appKey``, ``requestTime`` and ``sign`` travel: in the JSON body, or in the query
string of the POST (the body then holds the business fields only)."""


class _Variant:
    """A choice along several axes, written ``axis1.axis2.axis3`` (a setting's value)."""

    AXES: ClassVar[tuple[tuple[str, ...], ...]] = ()
    KIND: ClassVar[str] = "variant"

    @property
    def code(self) -> str:
        return ".".join(getattr(self, axis.name) for axis in fields(self))  # type: ignore[arg-type]

    @classmethod
    def from_code(cls, code: str) -> Self:
        # read once per code: every DajiSaaS message is checked under its company's variant
        known = _READ_CODES.get((cls, code)) if isinstance(code, str) else None
        if known is not None:
            return known  # type: ignore[return-value]
        parts = code.split(".") if isinstance(code, str) else []
        if len(parts) != len(cls.AXES) or any(
            part not in axis for part, axis in zip(parts, cls.AXES, strict=True)
        ):
            raise ValueError(f"not a {cls.KIND} variant: {code!r}")
        variant = cls(*parts)
        _READ_CODES[cls, code] = variant  # valid codes only: a few dozen at most
        return variant


_READ_CODES: dict[tuple[type[_Variant], str], _Variant] = {}


@dataclass(frozen=True)
class PostSigning(_Variant):
    AXES: ClassVar[tuple[tuple[str, ...], ...]] = (
        POST_SIGNED_FIELDS,
        REQUEST_TIME_FORMATS,
        CREDENTIALS_PLACES,
    )
    KIND: ClassVar[str] = "POST signing"

    signed_fields: str
    request_time_format: str
    credentials_in: str


@dataclass(frozen=True)
class GetSigning(_Variant):
    """How a GET request's query string is signed: the text, and the digest's case."""

    AXES: ClassVar[tuple[tuple[str, ...], ...]] = (SIGN_TEXTS, SIGN_CASES)
    KIND: ClassVar[str] = "GET signing"

    sign_text: str
    sign_case: str


GET_SIGNING_VARIANTS = tuple(
    GetSigning(*choice).code for choice in itertools.product(*GetSigning.AXES)
)
"""Every GET signing variant, the contract's first: what a connection check tries."""

POST_SIGNING_VARIANTS = tuple(
    PostSigning(*choice).code
    for choice in itertools.product(*PostSigning.AXES)
    # in a query string every value is text: a number is the same as a string there
    if choice[1:] != ("ms_number", "query")
)
"""Every POST signing variant, the contract's first: what a connection check tries."""

# --- Webhook message signature -------------------------------------------------------

MESSAGE_ENCODINGS = ("hex", "base64")
MESSAGE_ALGORITHMS = ("sha1", "sha256")
MESSAGE_INPUTS = ("message", "app_key_message")
"""The HMAC input: the exact ``message`` text, or the appKey followed by it."""


@dataclass(frozen=True)
class MessageSignature(_Variant):
    AXES: ClassVar[tuple[tuple[str, ...], ...]] = (
        MESSAGE_ENCODINGS,
        MESSAGE_ALGORITHMS,
        MESSAGE_INPUTS,
    )
    KIND: ClassVar[str] = "message signature"

    encoding: str
    algorithm: str
    signed_input: str


MESSAGE_SIGNATURE_VARIANTS = tuple(
    MessageSignature(*choice).code for choice in itertools.product(*MessageSignature.AXES)
)
"""Every message signature variant, all keyed by the appSecret, the contract's first."""

# --- Order query (the "View order details" page was never archived) -----------------


@dataclass(frozen=True)
class OrderQuery:
    path: str
    third_order_id_field: str
    purchase_ids_field: str


ORDER_QUERIES = {
    "contract": OrderQuery("/taobao/purchase/order/query", "outer_purchase_id", "purchase_ids"),
    "camel": OrderQuery("/taobao/purchase/order/query", "thirdOrderId", "purchaseIds"),
    "upstream": OrderQuery("/taobao/purchase/orders/query", "outer_purchase_id", "purchase_ids"),
}
"""The order query's path and parameter names: the contract's guess, DajiSaaS's own camelCase
spelling, and upstream's path."""

MAX_ORDER_QUERY_PAGE_SIZE = 50
"""Upstream's largest page; a smaller one only costs more calls."""


@dataclass(frozen=True)
class Dialect:
    """One choice per open convention; the defaults are the contract's (first) guesses."""

    post_signing: str = POST_SIGNING_VARIANTS[0]
    get_signing: str = GET_SIGNING_VARIANTS[0]
    message_signature: str = MESSAGE_SIGNATURE_VARIANTS[0]
    order_query: str = "contract"
    order_query_page_size: int = MAX_ORDER_QUERY_PAGE_SIZE
    support_partial_success: bool = False
    """Off, as in the documentation's own create example."""

    def __post_init__(self) -> None:
        PostSigning.from_code(self.post_signing)
        GetSigning.from_code(self.get_signing)
        MessageSignature.from_code(self.message_signature)
        if self.order_query not in ORDER_QUERIES:
            raise ValueError(f"order_query must be one of {tuple(ORDER_QUERIES)}")
        if not 1 <= self.order_query_page_size <= MAX_ORDER_QUERY_PAGE_SIZE:
            raise ValueError(f"order_query_page_size must be 1 to {MAX_ORDER_QUERY_PAGE_SIZE}")

    @property
    def post(self) -> PostSigning:
        return PostSigning.from_code(self.post_signing)

    @property
    def get(self) -> GetSigning:
        return GetSigning.from_code(self.get_signing)

    @property
    def message(self) -> MessageSignature:
        return MessageSignature.from_code(self.message_signature)

    @property
    def query(self) -> OrderQuery:
        return ORDER_QUERIES[self.order_query]

    def with_post_signing(self, code: str) -> "Dialect":
        return replace(self, post_signing=code)

    def with_get_signing(self, code: str) -> "Dialect":
        return replace(self, get_signing=code)

    def with_order_query(self, name: str) -> "Dialect":
        return replace(self, order_query=name)
