"""Response models of the order endpoints: preview, create, query, pay and cancel.

Money is integer fen everywhere (see ``conventions``).
"""

from collections.abc import Mapping, Sequence
from typing import Any

from .conventions import FAILED_LINES_KEY
from .tolerant_model import Fen, TolerantModel, WebAddress


class Money(TolerantModel):
    """An upstream money object ``{"amount": <fen>, "currency": "CNY"}``."""

    amount: Fen = 0
    currency: str = "CNY"


class UnavailableSku(TolerantModel):
    """A preview item that cannot be bought, with DajiSaaS's reason."""

    wire_keys = {"reason": ("reason", "errorMsg")}

    item_id: int | None = None
    sku_id: int | None = None
    reason: str = ""
    error_code: str = ""


class _RenderItem(TolerantModel):
    """One supplier's part of a preview: upstream puts its shipping fee here."""

    nick: str = ""
    order_fee: Money | None = None
    mainland_shipping_fee: Money | None = None


class _RenderData(TolerantModel):
    total_real_pay_price: Money | None = None
    mainland_shipping_fee: Money | None = None
    order_fee: Money | None = None
    render_item_list: list[_RenderItem] = []
    unavailable_sku_list: list[UnavailableSku] = []


class PreviewResult(TolerantModel):
    """``POST /taobao/purchase/order/render``: what the order would cost."""

    total_fen: int
    shipping_fee_fen: int
    currency: str = "CNY"
    unavailable: list[UnavailableSku] = []

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> "PreviewResult":
        """Build from the render payload (the envelope's ``data.result.data``).

        The shipping fee is the order's own, or else the sum of each supplier's. The total is
        the order's own, or else goods plus shipping. An answer that tells neither is refused
        (``ValueError``): a total of 0 would pass every margin check.
        """
        render = _RenderData.model_validate(data)
        items = render.render_item_list
        shipping = render.mainland_shipping_fee
        shipping_fen = (
            shipping.amount
            if shipping is not None
            else sum(i.mainland_shipping_fee.amount for i in items if i.mainland_shipping_fee)
        )
        if render.total_real_pay_price is not None:
            total = render.total_real_pay_price
            return cls(
                total_fen=total.amount,
                shipping_fee_fen=shipping_fen,
                currency=total.currency,
                unavailable=render.unavailable_sku_list,
            )
        fees: list[Money | None] = (
            [render.order_fee] if render.order_fee else [i.order_fee for i in items]
        )
        goods = [fee for fee in fees if fee is not None]
        if not goods or len(goods) != len(fees):
            raise ValueError("the preview tells no total price")
        return cls(
            total_fen=sum(fee.amount for fee in goods) + shipping_fen,
            shipping_fee_fen=shipping_fen,
            currency=goods[0].currency,
            unavailable=render.unavailable_sku_list,
        )


class PurchaseOrderLine(TolerantModel):
    """A created order line and the sub-order DajiSaaS made for it."""

    wire_keys = {"estimate_amount_fen": ("estimateAmount",)}

    item_id: int
    sku_id: int | None = None
    order_line_no: str
    quantity: int
    sub_purchase_order_id: int
    estimate_amount_fen: Fen | None = None
    supplier_nick: str = ""


class PurchaseOrder(TolerantModel):
    """One purchase order of a create result (DajiSaaS makes one per supplier/shop)."""

    wire_keys = {
        "estimate_amount_fen": ("estimateAmount",),
        "lines": ("orderLineList", "lines"),
    }

    purchase_id: int
    supplier_nick: str = ""
    source_market: str = ""
    estimate_amount_fen: Fen = 0
    estimate_currency: str = "CNY"
    lines: list[PurchaseOrderLine] = []


class FailedOrderLine(TolerantModel):
    """A create line refused under partial success (e.g. out of stock)."""

    wire_keys = {"error_message": ("errorMessage", "errorMsg")}

    order_line_no: str
    item_id: int | None = None
    sku_id: int | None = None
    error_code: str = ""
    error_message: str = ""


class CreateOrderResult(TolerantModel):
    """``POST /taobao/purchase/order/create``: the purchase orders that were made.

    ``failed_lines`` lists the lines refused under ``support_partial_success``; the call
    still counts as a success. ``trace_id`` is the envelope's ``traceId``.
    """

    wire_keys = {
        "error_message": ("errorMessage", "errorMsg"),
        "orders": ("orderList", "orders"),
        "failed_lines": (FAILED_LINES_KEY, "failedLines"),
    }

    success: bool
    error_code: str | None = None
    error_message: str | None = None
    outer_purchase_id: str = ""
    payment_url: WebAddress = ""
    orders: list[PurchaseOrder] = []
    failed_lines: list[FailedOrderLine] = []
    trace_id: str | None = None

    @property
    def purchase_ids(self) -> list[int]:
        """The purchase ids of all orders, in answer order."""
        return [order.purchase_id for order in self.orders]


class LogisticOrder(TolerantModel):
    """A China-domestic shipment of a sub-order."""

    wire_keys = {
        "company_name": ("logisticCompanyName", "companyName"),
        "tracking_number": ("logisticNumber", "trackingNumber"),
    }

    company_name: str = ""
    tracking_number: str = ""


class QueriedSubOrder(TolerantModel):
    """A sub-order (one line) of a queried purchase order."""

    wire_keys = {"purchase_amount_fen": ("purchaseAmount",)}

    sub_purchase_order_id: int
    item_id: int | None = None
    sku_id: int | None = None
    title: str = ""
    quantity: int = 0
    status: str = ""
    order_line_no: str = ""
    purchase_amount_fen: Fen | None = None
    logistic_orders: list[LogisticOrder] = []


class QueriedPurchaseOrder(TolerantModel):
    """A purchase order as returned by the order query, with its current status.

    ``created_time`` / ``modify_time`` are epoch milliseconds when DajiSaaS sends them.
    """

    wire_keys = {
        "purchase_amount_fen": ("purchaseAmount",),
        "pay_amount_fen": ("payAmount",),
        "currency": ("purchaseCurrency", "currency"),
        "sub_orders": ("subPurchaseOrders", "subOrders"),
    }

    purchase_id: int
    outer_purchase_id: str = ""
    status: str = ""
    purchase_amount_fen: Fen | None = None
    pay_amount_fen: Fen | None = None
    currency: str = "CNY"
    supplier_nick: str = ""
    created_time: int | None = None
    modify_time: int | None = None
    sub_orders: list[QueriedSubOrder] = []


class OrderQueryPage(TolerantModel):
    """One page of the order query (``data.data`` of the envelope)."""

    wire_keys = {"orders": ("purchaseOrders", "orders")}

    results_total: int | None = None
    page_no: int | None = None
    page_size: int | None = None
    orders: list[QueriedPurchaseOrder] = []


class _PayFailure(TolerantModel):
    """A refused id: DajiSaaS's spelling, or upstream's (``gspOrderId``, ``errorMessage``)."""

    wire_keys = {
        "purchase_order_id": ("purchaseOrderId", "gspOrderId", "purchaseId"),
        "reason": ("reason", "errorMessage", "errorMsg"),
    }

    purchase_order_id: int
    reason: str = ""


class PayBatchAnswer(TolerantModel):
    """The answer of one ``POST /taobao/purchase/order/batch/pay`` call (≤ 10 ids)."""

    will_pay_purchase_order_ids: list[int] = []
    pay_failure_purchase_order_ids: list[int] = []
    pay_failed_results: list[_PayFailure] = []


class PayResult(TolerantModel):
    """Merged outcome of paying purchase orders, over all batches.

    ``will_pay_ids`` are accepted for payment (payment is asynchronous: confirm with a
    query or a status message); ``failed`` maps each refused purchase id to its reason;
    ``unknown_ids`` were sent but the answer names them nowhere: look them up.
    """

    will_pay_ids: list[int] = []
    failed: dict[int, str] = {}
    unknown_ids: list[int] = []

    @classmethod
    def merge(cls, answers: list[PayBatchAnswer], sent_ids: Sequence[int] = ()) -> "PayResult":
        """Combine the answers of several pay batches."""
        will_pay: list[int] = []
        failed: dict[int, str] = {}
        for answer in answers:
            will_pay.extend(answer.will_pay_purchase_order_ids)
            for purchase_id in answer.pay_failure_purchase_order_ids:
                failed.setdefault(purchase_id, "")
            for failure in answer.pay_failed_results:
                failed[failure.purchase_order_id] = failure.reason
        answered = set(will_pay) | set(failed)
        unknown = [pid for pid in sent_ids if pid not in answered]
        return cls(will_pay_ids=will_pay, failed=failed, unknown_ids=unknown)


class CancelResult(TolerantModel):
    """``POST /taobao/purchase/order/asyn/cancel``: the cancel request was accepted.

    The cancel is asynchronous; the order becomes ``TRADE_CLOSED`` later.
    """

    wire_keys = {"error_message": ("errorMsg", "errorMessage")}

    success: bool
    request_id: str = ""
    error_code: str | None = None
    error_message: str | None = None
