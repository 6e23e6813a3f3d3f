"""The fixed names and limits of the DajiSaaS wire format; the client reads each of them.

Each constant says what is certain (read in the DajiSaaS docs) and what is assumed. Where
the docs leave a convention open and more than one reading is plausible, the readings are
choices of a :class:`~.dialect.Dialect` instead. ``docs/wire-contract.md`` covers both.
Money units are told by the field types (``Fen``, ``FenFromYuan`` in ``tolerant_model``).
"""

# --- Signing -------------------------------------------------------------------------

SIGN_KEY = "sign"
"""Certain: the signature travels as the ``sign`` parameter (query string or JSON body)."""

SIGN_SECRET_KEY = "secret"
"""Certain (from third-party code citing the docs): the secret is appended as ``&secret=``."""

REQUEST_TIME_KEY = "requestTime"
"""Certain: the docs' "simplified rule for POST-JSON" adds a ``requestTime`` field. Its
format and which fields are then signed are dialect choices (``dialect.PostSigning``)."""

# --- Create order --------------------------------------------------------------------
#
# Assumed, not documented: DajiSaaS creates at most one set of purchase orders per
# ``thirdOrderId`` (a replay returns the same orders, or a business error). The client and the
# addon never rely on it alone: after a lost answer, a refusal or a crash, the orders of that
# ``thirdOrderId`` are looked up (``find_order``) before anything is sent again, and the same
# id is re-sent only when DajiSaaS holds nothing for it. Question for DajiSaaS: is create
# idempotent on thirdOrderId, for how long, and what does a replay answer?

PARTIAL_SUCCESS_FIELD = "support_partial_success"
"""Certain (upstream): the create flag that lets good lines be ordered when others fail.
Sent as the dialect says: off by default, as in the documentation's own example."""

FAILED_LINES_KEY = "failedOrderLineList"
"""Assumed: the create response key listing lines that failed under partial success."""

UNAVAILABLE_SKU_ERROR_CODES = frozenset(
    {"SKU_STOCK_NOT_ENOUGH", "SKU_NOT_EXIST", "ITEM_NOT_EXIST", "ITEM_NOT_AVAILABLE"}
)
"""Assumed: data-level error codes meaning "this item/SKU cannot be bought" (only
``SKU_STOCK_NOT_ENOUGH`` appears in the contract; the others are upstream-style guesses)."""

# --- Catalog -------------------------------------------------------------------------

ITEM_RESOURCE = "taobao"
"""Certain (upstream ``item_detail.go``): the detail request names its source market."""

MAX_SEARCH_PAGE_SIZE = 20
"""Certain (upstream, contract): keyword search accepts at most 20 items per page."""

# --- Payment -------------------------------------------------------------------------

MAX_PAY_BATCH = 10
"""Certain (docs): batch pay accepts at most 10 purchase ids per call."""

# --- Webhook messages ----------------------------------------------------------------

MESSAGE_FIELD = "message"
"""Certain: the form field holding the message JSON text."""

MESSAGE_SIGNATURE_FIELD = "_dj_signature"
"""Certain: the form field holding the message signature. Its algorithm (the docs name
HmacSHA1), input and encoding are dialect choices (``dialect.MessageSignature``)."""
