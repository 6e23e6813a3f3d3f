"""What DajiSaaS says about one purchase order, in one typed shape.

A create answer and an order query describe the same thing with different fields: the
create answer has estimated amounts and the line numbers we sent, the query has the current
status, paid amounts and shipments. Both are turned into a :class:`PurchaseSnapshot` here,
so the Odoo layer has exactly one shape to write to records.
"""

from collections.abc import Collection
from dataclasses import dataclass, replace

from .order_responses import CreateOrderResult, QueriedPurchaseOrder

CREATED_STATUS = "BULIDING"
"""The status of a purchase order DajiSaaS has just created (sic: DajiSaaS's spelling)."""


@dataclass(frozen=True)
class SubOrderSnapshot:
    """One sub-purchase order: one line bought from one supplier.

    ``mp_ref`` / ``mp_sku_ref`` are the distribution ids (mpId / mpSkuId) DajiSaaS echoes as
    ``itemId`` / ``skuId``.

    ``order_line_no`` is the line number sent at create time, or ``""`` when the answer
    does not echo it. ``amount_fen`` is ``None`` when the answer carries no amount.
    """

    sub_order_ref: str
    order_line_no: str
    mp_ref: str
    mp_sku_ref: str
    quantity: int
    amount_fen: int | None
    status: str
    logistic_company: str = ""
    tracking_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class PurchaseSnapshot:
    """One DajiSaaS purchase order (one per Taobao supplier) as last reported.

    ``third_order_ref`` is the thirdOrderId Odoo sent, ``outer_ref`` the outer id DajiSaaS
    answered for it (``""`` when it did not say; it may differ). ``status`` is ``""`` when
    the answer does not say; ``amount_fen`` and ``paid_fen`` are ``None`` when it carries no
    such amount.
    """

    purchase_ref: str
    third_order_ref: str
    supplier_nick: str
    source_market: str
    status: str
    amount_fen: int | None
    paid_fen: int | None
    sub_orders: tuple[SubOrderSnapshot, ...]
    trace_ref: str = ""
    payment_url: str = ""
    outer_ref: str = ""

    @classmethod
    def from_created(
        cls, result: CreateOrderResult, third_order_ref: str
    ) -> tuple["PurchaseSnapshot", ...]:
        """The purchase orders of a create answer, all in the created status."""
        return tuple(
            cls(
                purchase_ref=str(order.purchase_id),
                third_order_ref=third_order_ref,
                supplier_nick=order.supplier_nick,
                source_market=order.source_market,
                status=CREATED_STATUS,
                amount_fen=order.estimate_amount_fen,
                paid_fen=None,
                sub_orders=tuple(
                    SubOrderSnapshot(
                        sub_order_ref=str(line.sub_purchase_order_id),
                        order_line_no=str(line.order_line_no or ""),
                        mp_ref=str(line.item_id or ""),
                        mp_sku_ref=str(line.sku_id or ""),
                        quantity=line.quantity,
                        amount_fen=line.estimate_amount_fen,
                        status=CREATED_STATUS,
                    )
                    for line in order.lines
                ),
                trace_ref=result.trace_id or "",
                payment_url=result.payment_url,
                outer_ref=result.outer_purchase_id,
            )
            for order in result.orders
        )

    @classmethod
    def from_queried(
        cls, order: QueriedPurchaseOrder, third_order_ref: str = ""
    ) -> "PurchaseSnapshot":
        """A purchase order as the order query reports it, for ``third_order_ref`` when it
        was looked up by the id Odoo sent (else its outer id stands for it)."""
        return cls(
            purchase_ref=str(order.purchase_id),
            third_order_ref=third_order_ref or order.outer_purchase_id,
            outer_ref=order.outer_purchase_id,
            supplier_nick=order.supplier_nick,
            source_market="",
            status=order.status,
            amount_fen=order.purchase_amount_fen,
            paid_fen=order.pay_amount_fen,
            sub_orders=tuple(
                SubOrderSnapshot(
                    sub_order_ref=str(sub.sub_purchase_order_id),
                    order_line_no=str(sub.order_line_no or ""),
                    mp_ref=str(sub.item_id or ""),
                    mp_sku_ref=str(sub.sku_id or ""),
                    quantity=sub.quantity,
                    amount_fen=sub.purchase_amount_fen,
                    status=sub.status,
                    logistic_company=", ".join(
                        sorted({lo.company_name for lo in sub.logistic_orders if lo.company_name})
                    ),
                    tracking_refs=tuple(
                        lo.tracking_number for lo in sub.logistic_orders if lo.tracking_number
                    ),
                )
                for sub in order.sub_orders
            ),
        )

    @property
    def lines_fen(self) -> int:
        """What the sub-orders add up to (those without an amount count as 0)."""
        return sum(sub.amount_fen or 0 for sub in self.sub_orders)

    def amount_problems(
        self, ceiling_fen: int, paid_statuses: Collection[str]
    ) -> list[tuple[str, int]]:
        """The amounts of this report that are not to be believed, as ``(code, fen)``:
        ``above_ceiling`` (an amount above ``ceiling_fen``) and ``paid_nothing`` (a paid
        status with a paid amount of 0). Negative amounts never get here (``Fen``)."""
        amounts = [self.amount_fen, self.paid_fen, *(sub.amount_fen for sub in self.sub_orders)]
        problems = [
            ("above_ceiling", fen) for fen in amounts if fen is not None and fen > ceiling_fen
        ]
        if self.status in paid_statuses and self.paid_fen == 0:
            problems.append(("paid_nothing", 0))
        return problems

    def without_amounts(self) -> "PurchaseSnapshot":
        """This report with every amount unknown: recorded, but without figures to trust."""
        return replace(
            self,
            amount_fen=None,
            paid_fen=None,
            sub_orders=tuple(replace(sub, amount_fen=None) for sub in self.sub_orders),
        )
