# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..dajisaas import DajisaasError
from ..dajisaas.conventions import MAX_PAY_BATCH

PURCHASE_STATUSES = [
    ("BULIDING", "Being created"),  # sic: DajiSaaS's spelling
    ("WAIT_BUYER_P", "Awaiting payment"),
    ("WAIT_SELLER_SEND_GOODS", "Paid, awaiting shipment"),
    ("WAIT_BUYER_CONFIRM_GOODS", "Shipped"),
    ("TRADE_CLOSED", "Closed"),
]
OPEN_STATUSES = ("BULIDING", "WAIT_BUYER_P", "WAIT_SELLER_SEND_GOODS")
CANCELLABLE_STATUSES = ("BULIDING", "WAIT_BUYER_P")


class TaobaoPurchaseOrder(models.Model):
    """A DajiSaaS purchase order: one per ``purchaseId``, i.e. per Taobao supplier."""

    _name = "taobao.purchase.order"
    _description = "Taobao Purchase Order"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    purchase_id = fields.Char(string="Purchase ID", required=True, readonly=True, index=True)
    third_order_id = fields.Char(string="thirdOrderId", readonly=True, index=True)
    sale_order_id = fields.Many2one(
        "sale.order",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    partner_id = fields.Many2one(related="sale_order_id.partner_id", string="Customer")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    supplier_nick = fields.Char(string="Supplier", readonly=True, index=True)
    source_market = fields.Char(readonly=True)
    status = fields.Selection(
        PURCHASE_STATUSES, default="BULIDING", readonly=True, tracking=True, index=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        readonly=True,
        default=lambda self: self.env.ref("base.CNY"),
    )
    estimate_amount = fields.Monetary(
        string="Estimated Cost", currency_field="currency_id", readonly=True
    )
    paid_amount = fields.Monetary(string="Paid", currency_field="currency_id", readonly=True)
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    cost_company_currency = fields.Monetary(
        string="Cost (Company Currency)",
        currency_field="company_currency_id",
        compute="_compute_cost_company_currency",
        store=True,
    )
    payment_url = fields.Char(string="Payment Link", readonly=True)
    trace_id = fields.Char(string="Trace ID", readonly=True)
    date_order = fields.Datetime(
        string="Purchase Date", default=fields.Datetime.now, readonly=True, index=True
    )
    last_sync = fields.Datetime(string="Last Synchronized", readonly=True)
    pay_requested = fields.Boolean(readonly=True, copy=False)
    cancel_reason = fields.Char(readonly=True)
    line_ids = fields.One2many("taobao.purchase.order.line", "purchase_order_id", readonly=True)
    tracking_numbers = fields.Char(compute="_compute_tracking_numbers")

    _sql_constraints = [
        (
            "purchase_id_company_uniq",
            "unique(purchase_id, company_id)",
            "This DajiSaaS purchase order is already recorded.",
        ),
    ]

    @api.depends("purchase_id", "supplier_nick")
    def _compute_name(self):
        for order in self:
            order.name = f"TB{order.purchase_id}"

    @api.depends("estimate_amount", "currency_id", "company_id", "date_order")
    def _compute_cost_company_currency(self):
        for order in self:
            order.cost_company_currency = order.currency_id._convert(
                order.estimate_amount,
                order.company_id.currency_id,
                order.company_id,
                fields.Date.to_date(order.date_order) or fields.Date.today(),
            )

    def _compute_tracking_numbers(self):
        for order in self:
            numbers = order.line_ids.mapped("tracking_numbers")
            order.tracking_numbers = ", ".join(n for n in numbers if n) or False

    # === ACTIONS === #

    def _check_taobao_manager(self):
        if not self.env.user.has_group("taobao_purchase.group_taobao_manager"):
            raise UserError(
                self.env._("Only Taobao Purchasing managers can pay or cancel Taobao purchases.")
            )

    def action_pay(self):
        """Pay the purchase orders through DajiSaaS (Alipay balance, then the bound card)."""
        self._check_taobao_manager()
        to_pay = self.filtered(lambda o: o.status in ("BULIDING", "WAIT_BUYER_P"))
        if not to_pay:
            raise UserError(self.env._("None of these Taobao purchases is awaiting payment."))
        failures = []
        for company, orders in to_pay.grouped("company_id").items():
            for batch in orders._split_in_batches(MAX_PAY_BATCH):
                failures += batch._pay_batch(company)
        to_pay._taobao_sync()
        return failures

    def _split_in_batches(self, size):
        return [self[i : i + size] for i in range(0, len(self), size)]

    def _pay_batch(self, company):
        by_purchase_id = {int(o.purchase_id): o for o in self}
        sale_orders = self.sale_order_id
        try:
            with company._taobao_client(record=sale_orders[:1]) as client:
                result = client.pay_orders(list(by_purchase_id))
        except DajisaasError as error:
            for sale_order in sale_orders:
                sale_order._taobao_post(
                    self.env._("Taobao payment failed: %(error)s", error=str(error))
                )
            raise UserError(
                self.env._("Taobao payment failed: %(error)s", error=str(error))
            ) from None
        failures = []
        for purchase_id in result.will_pay_ids:
            order = by_purchase_id.get(int(purchase_id))
            if order:
                order.pay_requested = True
                order.sale_order_id._taobao_post(
                    self.env._("Payment of Taobao purchase %(name)s requested.", name=order.name)
                )
        for purchase_id, reason in result.failed.items():
            order = by_purchase_id.get(int(purchase_id))
            if order:
                failures.append((order, reason))
                order.sale_order_id._taobao_post(
                    self.env._(
                        "Payment of Taobao purchase %(name)s refused: %(reason)s",
                        name=order.name,
                        reason=reason,
                    )
                )
        return failures

    def action_open_cancel_wizard(self):
        """Ask for a reason (and optionally sub-orders), then cancel on DajiSaaS."""
        self._check_taobao_manager()
        cancellable = self.filtered(lambda o: o.status in CANCELLABLE_STATUSES)
        if not cancellable:
            raise UserError(
                self.env._(
                    "Only Taobao purchases awaiting payment can be cancelled. Ask the "
                    "supplier for a refund on Taobao instead."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel on Taobao"),
            "res_model": "taobao.purchase.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_purchase_order_ids": cancellable.ids},
        }

    def _cancel(self, reason, lines=None):
        """Cancel the whole purchase order, or only ``lines`` (sub-orders)."""
        self.ensure_one()
        self._check_taobao_manager()
        if self.status not in CANCELLABLE_STATUSES:
            raise UserError(
                self.env._(
                    "Taobao purchase %(name)s is %(status)s: only purchases awaiting payment can "
                    "be cancelled. Ask the supplier for a refund on Taobao instead.",
                    name=self.name,
                    status=dict(PURCHASE_STATUSES)[self.status],
                )
            )
        sub_ids = [line.sub_purchase_order_id for line in lines or []]
        try:
            with self.company_id._taobao_client(record=self.sale_order_id) as client:
                client.cancel_order(
                    self.purchase_id, sub_ids, reason=reason, remark="Cancelled from Odoo"
                )
        except DajisaasError as error:
            raise UserError(
                self.env._(
                    "DajiSaaS refused to cancel %(name)s: %(error)s", name=self.name, error=error
                )
            ) from None
        self.cancel_reason = reason
        what = self.env._("sub-orders %(ids)s of", ids=", ".join(sub_ids)) if sub_ids else ""
        self.sale_order_id._taobao_post(
            self.env._(
                "Cancellation of %(what)s Taobao purchase %(name)s requested: %(reason)s",
                what=what,
                name=self.name,
                reason=reason,
            )
        )
        self._taobao_sync()

    def action_sync(self):
        self._taobao_sync()

    def _taobao_sync(self):
        """Refresh status, amounts and tracking numbers from DajiSaaS."""
        for company, orders in self.grouped("company_id").items():
            with company._taobao_client(record=orders.sale_order_id[:1]) as client:
                queried = client.query_orders(purchase_ids=[int(o.purchase_id) for o in orders])
            by_id = {str(q.purchase_id): q for q in queried}
            for order in orders:
                if order.purchase_id in by_id:
                    order._apply_queried(by_id[order.purchase_id])

    def _apply_queried(self, queried):
        self.ensure_one()
        values = {"last_sync": fields.Datetime.now()}
        if queried.status and queried.status in dict(PURCHASE_STATUSES):
            values["status"] = queried.status
        if queried.pay_amount_fen is not None:
            values["paid_amount"] = queried.pay_amount_fen / 100
        if queried.purchase_amount_fen:
            values["estimate_amount"] = queried.purchase_amount_fen / 100
        self.write(values)
        lines_by_sub_id = {line.sub_purchase_order_id: line for line in self.line_ids}
        for sub_order in queried.sub_orders:
            line = lines_by_sub_id.get(str(sub_order.sub_purchase_order_id))
            if line:
                line._apply_queried(sub_order)
