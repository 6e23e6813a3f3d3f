"""The dialects the sandbox can speak, where the DajiSaaS documentation is silent.

Written apart from the client's ``dajisaas.dialect`` (the two sides check each other). A
dialect is a dict of choices; start the sandbox with ``--dialect name=value`` or change it
over ``POST /_sandbox/dialect``. The defaults are the wire contract's guesses.
"""

import base64
import hashlib
import hmac
import json

DEFAULTS = {
    # which fields the POST sign covers . requestTime format . where credentials travel
    "post_signing": "credentials.ms_string.body",
    # webhook _dj_signature: encoding . algorithm . input
    "message_signature": "hex.sha1.message",
    # order query path and parameter names
    "order_query": "contract",
    # the order query answers every order, whatever the filter (a careless server)
    "query_ignores_filter": False,
    # queried sub-orders echo order_line_no (upstream's query answer has none)
    "query_line_numbers": True,
    # pay answer: flat (contract), nested (upstream data.data, gspOrderId/errorMessage), odd
    "pay_answer": "flat",
    # render answer: totals (contract) or per_item (shipping fee on each supplier only)
    "render_answer": "totals",
    # search and bunker answers: flat (contract) or nested (upstream data.data)
    "catalog_answer": "flat",
    # a second create of a thirdOrderId: answered again (idempotent) or refused (code 1009)
    "create_replay": "answer",
    # what DajiSaaS answers as outerPurchaseId: the thirdOrderId, or it with a digit added
    # (the seed page's example answers thirdOrderId 123123 with outerPurchaseId 1231234)
    "outer_id": "same",
    # the key of the create answer's purchase orders: orderList (contract) or another one
    "create_orders_key": "orderList",
    # the preview's money: integer fen (contract) or yuan with decimals
    "render_money": "fen",
    # GET sign: text (k=v&...&secret=S, or Taobao Open Platform's S k1v1... S) . hex case
    "get_signing": "pairs.upper",
    # how a request with a bad sign is refused: envelope code 401 (contract), 400 or 10001,
    # or an HTTP 401 or 403
    "bad_sign_answer": "code_401",
}

CHOICES = {
    "post_signing": tuple(
        f"{fields}.{time_format}.{place}"
        for fields in ("credentials", "scalars", "values")
        for time_format in ("ms_string", "ms_number", "s_string")
        for place in ("body", "query")
        if (time_format, place) != ("ms_number", "query")
    ),
    "message_signature": tuple(
        f"{encoding}.{algorithm}.{signed}"
        for encoding in ("hex", "base64")
        for algorithm in ("sha1", "sha256")
        for signed in ("message", "app_key_message")
    ),
    "order_query": ("contract", "camel", "upstream"),
    "query_ignores_filter": (False, True),
    "query_line_numbers": (True, False),
    "pay_answer": ("flat", "nested", "odd"),
    "render_answer": ("totals", "per_item"),
    "catalog_answer": ("flat", "nested"),
    "create_replay": ("answer", "refuse"),
    "outer_id": ("same", "suffixed"),
    "create_orders_key": ("orderList", "purchaseOrderList"),
    "render_money": ("fen", "yuan"),
    "get_signing": ("pairs.upper", "pairs.lower", "top.upper", "top.lower"),
    "bad_sign_answer": ("code_401", "code_400", "code_10001", "http_401", "http_403"),
}

OUTER_ID_SUFFIX = "4"
"""What the ``suffixed`` outer id adds to the thirdOrderId, as on the seed page."""

ORDER_QUERIES = {
    "contract": ("/taobao/purchase/order/query", "outer_purchase_id", "purchase_ids"),
    "camel": ("/taobao/purchase/order/query", "thirdOrderId", "purchaseIds"),
    "upstream": ("/taobao/purchase/orders/query", "outer_purchase_id", "purchase_ids"),
}


def parse_assignment(text):
    """``name=value`` from the command line, checked."""
    name, _, value = text.partition("=")
    if isinstance(DEFAULTS.get(name), bool):
        value = value.lower() in ("1", "true", "yes", "on")
    return checked({name: value})


def checked(changes):
    """Return ``changes`` when every name and value is a known choice; ValueError otherwise."""
    if not isinstance(changes, dict):
        raise ValueError("a dialect is an object of choices")
    for name, value in changes.items():
        if name not in CHOICES:
            raise ValueError(f"unknown dialect choice {name!r}; known: {', '.join(CHOICES)}")
        if value not in CHOICES[name] or type(value) is not type(DEFAULTS[name]):
            allowed = ", ".join(map(str, CHOICES[name]))
            raise ValueError(f"{name} must be one of: {allowed}")
    return changes


def post_signed_text_fields(fields, body):
    """The body fields, besides the credentials, that a POST sign covers."""
    if fields == "scalars":
        return {k: v for k, v in body.items() if isinstance(v, str | int | float | bool)}
    if fields == "values":
        return {
            k: v
            if isinstance(v, str | int | float | bool) or v is None
            else json.dumps(v, ensure_ascii=False, separators=(",", ":"))
            for k, v in body.items()
        }
    return {}


def sign_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def message_signature(message, app_secret, app_key, variant):
    encoding, algorithm, signed = variant.split(".")
    text = app_key + message if signed == "app_key_message" else message
    digest = hmac.new(
        app_secret.encode("utf-8"), text.encode("utf-8"), getattr(hashlib, algorithm)
    )
    if encoding == "base64":
        return base64.b64encode(digest.digest()).decode("ascii")
    return digest.hexdigest()
