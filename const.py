# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""DajiSaaS purchase statuses and what they mean for an Odoo purchase order.

One table, like ``payment_stripe/const.py``: every decision that depends on a DajiSaaS status
reads it here.
"""

# DajiSaaS status -> its label, the purchase.order state it maps onto, and whether DajiSaaS
# has been paid. "BULIDING" is DajiSaaS's own spelling.
STATUS_MAPPING = {
    "BULIDING": {"label": "Being created", "po_state": "purchase", "paid": False},
    "WAIT_BUYER_P": {"label": "Awaiting payment", "po_state": "purchase", "paid": False},
    "WAIT_SELLER_SEND_GOODS": {
        "label": "Paid, awaiting shipment",
        "po_state": "purchase",
        "paid": True,
    },
    "WAIT_BUYER_CONFIRM_GOODS": {"label": "Shipped", "po_state": "purchase", "paid": True},
    "TRADE_CLOSED": {"label": "Closed", "po_state": "cancel", "paid": False},
}

TAOBAO_STATUSES = [(code, status["label"]) for code, status in STATUS_MAPPING.items()]
"""Selection of the DajiSaaS status fields (Odoo translates selection labels itself)."""

CLOSED_STATUS = "TRADE_CLOSED"

STATUSES_TO_SYNC = ("BULIDING", "WAIT_BUYER_P", "WAIT_SELLER_SEND_GOODS")
"""Statuses that still change on DajiSaaS's side: the sync job polls these."""

CANCELLABLE_STATUSES = ("BULIDING", "WAIT_BUYER_P")
"""DajiSaaS cancels only what is not paid yet."""

PAYABLE_STATUSES = ("BULIDING", "WAIT_BUYER_P")

PAID_STATUSES = tuple(code for code, status in STATUS_MAPPING.items() if status["paid"])

MESSAGE_TYPE_REFUND = 9

SHOP_PARTNER_REF_PREFIX = "TAOBAO-SHOP-"
"""Reference of the vendor partner of a Taobao shop, followed by the shop's id or name."""

# Where a sale order stands with Taobao, and where its current purchase attempt stands.
TAOBAO_STATES = [
    ("none", "Nothing to Buy"),
    ("to_purchase", "To Purchase"),
    ("in_progress", "In Progress"),
    ("partial", "Partially Purchased"),
    ("to_pay", "Bought, to Pay"),
    ("paid", "Paid"),
    ("shipped", "Shipped in China"),
    ("failed", "Failed"),
    ("review", "Needs Review"),
    ("exception", "Exception"),
    ("cancelled", "Cancelled"),
]
SHIPPED_STATUS = "WAIT_BUYER_CONFIRM_GOODS"
ATTEMPT_STATES = [
    ("idle", "Idle"),
    ("queued", "Queued"),
    ("sending", "Sending"),
    ("unknown", "Unknown Outcome"),
    ("review", "Needs Review"),
    ("failed", "Failed"),
]
