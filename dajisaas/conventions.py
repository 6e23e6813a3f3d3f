"""Every choice the DajiSaaS documentation leaves open, in one place.

The client reads these constants instead of hard-coding them, so that when DajiSaaS
confirms (or contradicts) a guess, exactly one line changes. Each constant says what is
certain (read in the DajiSaaS docs) and what is assumed (the project's wire contract,
``/work/spec/wire-contract.md``, which the sandbox implements too).
"""

# --- Signing -------------------------------------------------------------------------

SIGN_KEY = "sign"
"""Certain: the signature travels as the ``sign`` parameter (query string or JSON body)."""

SIGN_SECRET_KEY = "secret"
"""Certain (from third-party code citing the docs): the secret is appended as ``&secret=``."""

REQUEST_TIME_KEY = "requestTime"
"""Certain: the docs' "simplified rule for POST-JSON" adds a ``requestTime`` body field.

Assumed: its value is the current epoch time in milliseconds, sent as a string of digits.
"""

POST_SIGNED_KEYS = ("appKey", REQUEST_TIME_KEY)
"""Assumed: a POST-JSON sign covers exactly these two body fields (plus ``&secret=``).

The docs' text stops after "add requestTime"; nested JSON cannot be signed stably, so the
contract signs only the two top-level scalars.
"""

# --- Order query (the "View order details" page was never archived) -----------------

ORDER_QUERY_PATH = "/taobao/purchase/order/query"
"""Assumed: the path used by third-party code (upstream says ``/purchase/orders/query``)."""

ORDER_QUERY_THIRD_ORDER_ID_FIELD = "outer_purchase_id"
"""Assumed: upstream's request name for our ``thirdOrderId``."""

ORDER_QUERY_PURCHASE_IDS_FIELD = "purchase_ids"
"""Assumed: upstream's request name, a JSON list of integer purchase ids."""

ORDER_QUERY_PAGE_SIZE = 20
"""Assumed: page size the client asks for when it walks all pages of a query."""

# --- Money units ---------------------------------------------------------------------

SEARCH_PRICE_UNIT = "yuan"
"""Keyword search ``price``: a decimal yuan string such as ``"29.90"`` (upstream, contract)."""

ITEM_PRICE_UNIT = "fen"
"""Item detail and bunker ``price`` / ``promotionPrice``: integer fen (upstream, contract)."""

ORDER_LINE_PRICE_UNIT = "fen"
"""Create ``order_line_list[].price``: unit price in integer fen.

Certain: ``purchase_amount`` is fen. Assumed: the line price uses the same unit (the
docs' own example is inconsistent).
"""

ORDER_AMOUNT_UNIT = "fen"
"""Create ``estimateAmount``, preview ``{amount}`` objects and query ``purchase_amount`` /
``pay_amount``: integer fen (upstream int64 fields; contract)."""

# --- Create order --------------------------------------------------------------------
#
# Assumed, not documented: DajiSaaS creates at most one set of purchase orders per
# ``thirdOrderId`` (a replay returns the same orders, or a business error). The client and the
# addon never rely on it alone: after a lost answer, a refusal or a crash, the orders of that
# ``thirdOrderId`` are looked up (``find_order``) before anything is sent again, and the same
# id is re-sent only when DajiSaaS holds nothing for it. Question for DajiSaaS: is create
# idempotent on thirdOrderId, for how long, and what does a replay answer?

PARTIAL_SUCCESS_FIELD = "support_partial_success"
"""Certain (upstream): the create flag that lets good lines be ordered when others fail."""

FAILED_LINES_KEY = "failedOrderLineList"
"""Assumed: the create response key listing lines that failed under partial success."""

UNAVAILABLE_SKU_ERROR_CODES = frozenset(
    {"SKU_STOCK_NOT_ENOUGH", "SKU_NOT_EXIST", "ITEM_NOT_EXIST", "ITEM_NOT_AVAILABLE"}
)
"""Assumed: data-level error codes meaning "this item/SKU cannot be bought" (only
``SKU_STOCK_NOT_ENOUGH`` appears in the contract; the others are upstream-style guesses)."""

# --- Limits --------------------------------------------------------------------------

MAX_SEARCH_PAGE_SIZE = 20
"""Certain (upstream, contract): keyword search accepts at most 20 items per page."""

MAX_PAY_BATCH = 10
"""Certain (docs): batch pay accepts at most 10 purchase ids per call."""

# --- Webhook messages ----------------------------------------------------------------

MESSAGE_FIELD = "message"
"""Certain: the form field holding the message JSON text."""

MESSAGE_SIGNATURE_FIELD = "_dj_signature"
"""Certain: the form field holding the message signature."""

MESSAGE_SIGNATURE_ALGORITHM = "sha1"
"""Certain: the docs name HmacSHA1."""

MESSAGE_SIGNATURE_ENCODING = "hex"
"""Assumed: lowercase hex of HMAC-SHA1(key=appSecret UTF-8, msg=the exact ``message`` text
UTF-8). The docs' Java sample was not archived; the key, input and encoding are guesses.
Verification compares case-insensitively."""

ORDER_STATUS_MESSAGE_TYPE = 3
"""Certain: ``message_type`` of a purchase-order status change."""
