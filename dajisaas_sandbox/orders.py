"""Purchase orders the sandbox has accepted, and their state machine.

create -> BULIDING; the next query or pay sees WAIT_BUYER_P; pay -> WAIT_SELLER_SEND_GOODS;
ship -> WAIT_BUYER_CONFIRM_GOODS; cancel (before payment) -> TRADE_CLOSED, sub-order by
sub-order, the main order closing with its last open sub-order.
"""

import copy
from dataclasses import dataclass, field

from .envelope import now_ms

# Upstream spellings, typos included.
BUILDING = "BULIDING"
WAIT_BUYER_PAY = "WAIT_BUYER_P"
WAIT_SELLER_SEND_GOODS = "WAIT_SELLER_SEND_GOODS"
WAIT_BUYER_CONFIRM_GOODS = "WAIT_BUYER_CONFIRM_GOODS"
TRADE_CLOSED = "TRADE_CLOSED"

CANCELLABLE = frozenset({BUILDING, WAIT_BUYER_PAY})
LOGISTIC_COMPANY = "中通快递"
FIRST_PURCHASE_ID = 200_010_000_001
FIRST_SUB_PURCHASE_ORDER_ID = 300_010_000_001


class OrderStateError(ValueError):
    """A transition the order's current status does not allow."""


@dataclass
class SubPurchaseOrder:
    sub_purchase_order_id: int
    order_line_no: str
    item_id: str  # mpId
    sku_id: int | None  # mpSkuId; None for an item without SKUs
    taobao_item_id: int
    taobao_sku_id: int | None
    title: str
    quantity: int
    unit_price: int  # fen
    status: str = BUILDING
    logistic_company_name: str | None = None
    logistic_number: str | None = None

    @property
    def amount(self):
        return self.unit_price * self.quantity


@dataclass
class PurchaseOrder:
    purchase_id: int
    outer_purchase_id: str  # the client's thirdOrderId
    seller_order_number: str
    order_source: str
    supplier_nick: str
    shipping_fee: int  # fen
    created_time: int  # epoch ms
    sub_orders: list[SubPurchaseOrder] = field(default_factory=list)
    status: str = BUILDING
    modify_time: int = 0
    pay_amount: int = 0
    pay_time: int | None = None

    @property
    def purchase_amount(self):
        """Goods plus domestic shipping, as estimated at creation."""
        return sum(sub.amount for sub in self.sub_orders) + self.shipping_fee

    def sub_order(self, sub_purchase_order_id):
        return next(
            (sub for sub in self.sub_orders if sub.sub_purchase_order_id == sub_purchase_order_id),
            None,
        )


class OrderBook:
    """Not thread-safe by itself: the sandbox calls it under its state lock.

    ``on_status_change(order)`` is called after every status change (not on creation).
    Ids keep increasing across :meth:`clear`, so a purchase id is never reused.
    """

    def __init__(self, on_status_change=None, first_purchase_id=FIRST_PURCHASE_ID):
        """``first_purchase_id``: where ids start (sub-order ids start as far above theirs),
        so that a sandbox started again can hand out ids no earlier run did."""
        self.on_status_change = on_status_change
        self._orders = {}
        self._next_purchase_id = first_purchase_id
        self._next_sub_purchase_order_id = (
            FIRST_SUB_PURCHASE_ORDER_ID + first_purchase_id - FIRST_PURCHASE_ID
        )

    def add(
        self,
        *,
        outer_purchase_id,
        seller_order_number,
        order_source,
        supplier_nick,
        shipping_fee,
        lines,
    ):
        """Record one purchase order; ``lines`` are dicts of SubPurchaseOrder fields
        without the sub-order id."""
        created = now_ms()
        order = PurchaseOrder(
            purchase_id=self._allocate_purchase_id(),
            outer_purchase_id=outer_purchase_id,
            seller_order_number=seller_order_number,
            order_source=order_source,
            supplier_nick=supplier_nick,
            shipping_fee=shipping_fee,
            created_time=created,
            modify_time=created,
        )
        order.sub_orders = [
            SubPurchaseOrder(sub_purchase_order_id=self._allocate_sub_purchase_order_id(), **line)
            for line in lines
        ]
        self._orders[order.purchase_id] = order
        return order

    def reuse_purchase_ids_from(self, purchase_id):
        self._next_purchase_id = purchase_id

    def get(self, purchase_id):
        return self._orders.get(purchase_id)

    def all(self):
        return list(self._orders.values())

    def snapshot(self):
        """Deep copies, safe to read outside the lock."""
        return copy.deepcopy(self.all())

    @staticmethod
    def snapshot_of(order):
        return copy.deepcopy(order)

    def clear(self):
        self._orders.clear()

    def await_payment(self, order):
        """BULIDING -> WAIT_BUYER_P; other statuses are left alone."""
        if order.status == BUILDING:
            self._set_status(order, WAIT_BUYER_PAY, self._open(order.sub_orders))

    def pay(self, order):
        self.await_payment(order)
        if order.status != WAIT_BUYER_PAY:
            raise OrderStateError(
                f"订单状态 {order.status} 不能支付 / order status does not allow payment"
            )
        open_subs = self._open(order.sub_orders)
        order.pay_amount = sum(sub.amount for sub in open_subs) + order.shipping_fee
        order.pay_time = now_ms()
        self._set_status(order, WAIT_SELLER_SEND_GOODS, open_subs)

    def ship(self, order):
        if order.status != WAIT_SELLER_SEND_GOODS:
            raise OrderStateError(f"order {order.purchase_id} is {order.status}, not paid")
        open_subs = self._open(order.sub_orders)
        for sub in open_subs:
            sub.logistic_company_name = LOGISTIC_COMPANY
            sub.logistic_number = f"ZT{sub.sub_purchase_order_id}"
        self._set_status(order, WAIT_BUYER_CONFIRM_GOODS, open_subs)

    def cancel(self, order, sub_orders=None):
        """Close ``sub_orders`` (all when None or empty); returns the sub-orders closed."""
        targets = sub_orders or self._open(order.sub_orders)
        if order.status not in CANCELLABLE or any(
            sub.status not in CANCELLABLE for sub in targets
        ):
            raise OrderStateError("订单状态不允许取消 / order status does not allow cancellation")
        for sub in targets:
            sub.status = TRADE_CLOSED
        main_status = TRADE_CLOSED if not self._open(order.sub_orders) else order.status
        self._set_status(order, main_status, [])
        return targets

    def _set_status(self, order, status, sub_orders):
        order.status = status
        for sub in sub_orders:
            sub.status = status
        order.modify_time = now_ms()
        if self.on_status_change:
            self.on_status_change(order)

    @staticmethod
    def _open(sub_orders):
        return [sub for sub in sub_orders if sub.status != TRADE_CLOSED]

    def _allocate_purchase_id(self):
        self._next_purchase_id += 1
        return self._next_purchase_id - 1

    def _allocate_sub_purchase_order_id(self):
        self._next_sub_purchase_order_id += 1
        return self._next_sub_purchase_order_id - 1
