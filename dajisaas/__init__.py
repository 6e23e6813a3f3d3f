"""Client library of the DajiSaaS Taobao purchase API (pure Python, no Odoo).

Typical flow: :meth:`DajisaasClient.search_items` → :meth:`~DajisaasClient.get_item` →
:meth:`~DajisaasClient.get_bunker` (distribution ids) → :meth:`~DajisaasClient.preview_order`
→ :meth:`~DajisaasClient.create_order` → :meth:`~DajisaasClient.pay_orders` →
:meth:`~DajisaasClient.query_orders`; status changes are pushed as messages
(:func:`verify_message_signature`, :func:`parse_status_message`).
"""

from .catalog_responses import (
    BunkerItem,
    BunkerSku,
    ItemDetail,
    ItemSku,
    SearchItem,
    SearchPage,
    SkuProperty,
)
from .client import ConnectionReport, DajisaasClient, OrderLookup, SigningMode
from .conventions import MAX_PAY_BATCH, MAX_SEARCH_PAGE_SIZE
from .dialect import (
    GET_SIGNING_VARIANTS,
    MESSAGE_SIGNATURE_VARIANTS,
    ORDER_QUERIES,
    POST_SIGNING_VARIANTS,
    Dialect,
    GetSigning,
    MessageSignature,
    PostSigning,
)
from .errors import (
    AuthenticationError,
    BusinessError,
    ConnectionFailed,
    CreateOutcomeUnknown,
    DajisaasError,
    EnvelopeError,
    HttpStatusError,
    MalformedMessageError,
    MalformedResponseError,
    NotFoundError,
    ParameterError,
    PayOutcomeUnknown,
    RequestTimeout,
    TransportError,
    UnavailableSkuError,
)
from .exchange import Exchange
from .image_search import IMAGE_CATEGORIES, ImageSearchHit, ImageSearchPage, PictureError
from .money import fen_to_yuan, format_yuan, yuan_to_fen
from .order_requests import Address, CreateOrderRequest, OrderLine, PreviewRequest, RenderItem
from .order_responses import (
    CancelResult,
    CreateOrderResult,
    FailedOrderLine,
    LogisticOrder,
    PayResult,
    PreviewResult,
    PurchaseOrder,
    PurchaseOrderLine,
    QueriedPurchaseOrder,
    QueriedSubOrder,
    UnavailableSku,
)
from .signing import (
    matching_message_signatures,
    md5_sign,
    message_signature,
    verify_message_signature,
)
from .status_message import (
    StatusMessage,
    StatusMessageSku,
    is_storable_text,
    parse_status_message,
)

__all__ = [
    "MAX_PAY_BATCH",
    "MAX_SEARCH_PAGE_SIZE",
    "MESSAGE_SIGNATURE_VARIANTS",
    "ORDER_QUERIES",
    "POST_SIGNING_VARIANTS",
    "GET_SIGNING_VARIANTS",
    "GetSigning",
    "ConnectionReport",
    "Dialect",
    "MessageSignature",
    "PayOutcomeUnknown",
    "PostSigning",
    "matching_message_signatures",
    "message_signature",
    "Address",
    "AuthenticationError",
    "BunkerItem",
    "BunkerSku",
    "BusinessError",
    "CancelResult",
    "ConnectionFailed",
    "CreateOrderRequest",
    "CreateOrderResult",
    "DajisaasClient",
    "OrderLookup",
    "DajisaasError",
    "EnvelopeError",
    "Exchange",
    "FailedOrderLine",
    "HttpStatusError",
    "IMAGE_CATEGORIES",
    "ImageSearchHit",
    "ImageSearchPage",
    "PictureError",
    "ItemDetail",
    "ItemSku",
    "LogisticOrder",
    "CreateOutcomeUnknown",
    "MalformedMessageError",
    "MalformedResponseError",
    "NotFoundError",
    "OrderLine",
    "ParameterError",
    "PayResult",
    "PreviewRequest",
    "PreviewResult",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "QueriedPurchaseOrder",
    "QueriedSubOrder",
    "RenderItem",
    "RequestTimeout",
    "SearchItem",
    "SearchPage",
    "SigningMode",
    "SkuProperty",
    "StatusMessage",
    "StatusMessageSku",
    "TransportError",
    "UnavailableSku",
    "UnavailableSkuError",
    "fen_to_yuan",
    "format_yuan",
    "md5_sign",
    "parse_status_message",
    "is_storable_text",
    "verify_message_signature",
    "yuan_to_fen",
]
