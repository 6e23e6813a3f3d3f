# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import threading
from datetime import timedelta
from decimal import Decimal

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..dajisaas import BusinessError, DajisaasError, EnvelopeError
from ..dajisaas.sale_order_mapping import (
    MappingError,
    PartnerData,
    SaleLineData,
    build_create_request,
    preview_request_for,
    third_order_id,
)

_logger = logging.getLogger(__name__)

TAOBAO_STATES = [
    ("none", "Nothing to Buy"),
    ("to_purchase", "To Purchase"),
    ("in_progress", "In Progress"),
    ("purchased", "Purchased"),
    ("partial", "Partially Purchased"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]
ATTEMPT_STATES = [
    ("idle", "Idle"),
    ("queued", "Queued"),
    ("sending", "Sending"),
    ("unknown", "Unknown Outcome"),
    ("failed", "Failed"),
]


class TaobaoPurchaseBlocked(UserError):
    """The purchase cannot start: nothing was sent to DajiSaaS."""


class SaleOrder(models.Model):
    _inherit = "sale.order"

    taobao_purchase_ids = fields.One2many(
        "taobao.purchase.order", "sale_order_id", string="Taobao Purchases", readonly=True
    )
    taobao_purchase_count = fields.Integer(compute="_compute_taobao_purchase_count")
    taobao_state = fields.Selection(
        TAOBAO_STATES,
        string="Taobao Status",
        compute="_compute_taobao_state",
        store=True,
        index=True,
        copy=False,
    )
    taobao_attempt_state = fields.Selection(
        ATTEMPT_STATES, default="idle", required=True, copy=False, readonly=True
    )
    taobao_attempt = fields.Integer(
        default=1,
        copy=False,
        readonly=True,
        help="Number of the current purchase attempt; part of the thirdOrderId.",
    )
    taobao_pending_third_order_id = fields.Char(
        string="Pending thirdOrderId",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="thirdOrderId of the attempt being sent or whose outcome is unknown; kept so "
        "that the retry asks for, and sends, exactly the same id.",
    )
    taobao_retry_count = fields.Integer(copy=False, readonly=True)
    taobao_next_retry = fields.Datetime(copy=False, readonly=True)
    taobao_last_error = fields.Text(string="Taobao Error", copy=False, readonly=True)
    taobao_payment_url = fields.Char(string="Taobao Payment Link", copy=False, readonly=True)
    taobao_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    taobao_cost = fields.Monetary(
        compute="_compute_taobao_cost",
        currency_field="taobao_company_currency_id",
        help="What the Taobao purchases of this order cost, in the company currency.",
    )

    @api.depends("taobao_purchase_ids")
    def _compute_taobao_purchase_count(self):
        for order in self:
            order.taobao_purchase_count = len(order.taobao_purchase_ids)

    @api.depends("taobao_purchase_ids.cost_company_currency")
    def _compute_taobao_cost(self):
        for order in self:
            order.taobao_cost = sum(
                order.taobao_purchase_ids.filtered(lambda p: p.status != "TRADE_CLOSED").mapped(
                    "cost_company_currency"
                )
            )

    @api.depends(
        "state",
        "taobao_attempt_state",
        "order_line.product_id.taobao_item_id",
        "taobao_purchase_ids.status",
        "taobao_purchase_ids.line_ids.status",
    )
    def _compute_taobao_state(self):
        for order in self:
            order.taobao_state = order._taobao_state_now()

    def _taobao_state_now(self):
        self.ensure_one()
        taobao_lines = self._taobao_lines()
        if not taobao_lines:
            return "none"
        if self.taobao_attempt_state in ("queued", "sending", "unknown"):
            return "in_progress"
        purchases = self.taobao_purchase_ids
        if purchases and all(p.status == "TRADE_CLOSED" for p in purchases):
            return "cancelled"
        bought = self._taobao_purchased_lines()
        if not bought:
            return "failed" if self.taobao_attempt_state == "failed" else "to_purchase"
        if taobao_lines - bought:
            return "partial"
        return "purchased"

    # === LINES === #

    def _taobao_lines(self):
        """Sale order lines whose product is a Taobao item (sections and notes excluded)."""
        return self.order_line.filtered(
            lambda line: not line.display_type and line.product_id.taobao_item_id
        )

    def _taobao_purchased_lines(self):
        """Lines covered by a purchase line that is not closed."""
        purchase_lines = self.taobao_purchase_ids.line_ids.filtered(
            lambda pl: pl.status != "TRADE_CLOSED"
            and pl.purchase_order_id.status != "TRADE_CLOSED"
        )
        return purchase_lines.sale_line_id

    def _taobao_lines_to_purchase(self):
        return self._taobao_lines() - self._taobao_purchased_lines()

    # === PUBLIC ACTIONS === #

    def action_taobao_purchase(self):
        """Purchase the Taobao lines of every order in ``self``.

        Safe to call repeatedly and concurrently: an order being purchased elsewhere is
        skipped, an order already bought has nothing left to buy, and an attempt whose
        outcome is unknown is first looked up on DajiSaaS.
        """
        return self._taobao_notification(self._taobao_purchase_each())

    def _taobao_purchase_each(self, **options):
        if len(self) == 1:
            return [self._taobao_purchase_interactively(**options)]
        outcomes = []
        for order in self:
            try:
                with self.env.cr.savepoint():
                    outcomes.append(order._taobao_purchase_interactively(**options))
            except UserError as error:
                outcomes.append((order, "danger", str(error)))
        return outcomes

    def _taobao_purchase_interactively(self, **options):
        try:
            return self._taobao_purchase_one(**options)
        except DajisaasError as error:
            # DajiSaaS could not be asked (price check, product ids): nothing was bought
            raise UserError(
                self.env._(
                    "%(order)s was not purchased: %(error)s Nothing was bought; try again.",
                    order=self.name,
                    error=error,
                )
            ) from None

    def action_taobao_purchase_force(self):
        """Purchase even when the margin is below the configured minimum (managers)."""
        if not self.env.user.has_group("taobao_purchase.group_taobao_manager"):
            raise UserError(
                self.env._("Only Taobao Purchasing managers can override the margin check.")
            )
        return self._taobao_notification(self._taobao_purchase_each(check_margin=False))

    def action_taobao_sync(self):
        """Refresh the state of this order's Taobao purchases from DajiSaaS."""
        for order in self:
            try:
                if order.taobao_attempt_state == "unknown":
                    order._taobao_resolve_unknown_attempt()
                if order.taobao_purchase_ids:
                    order.taobao_purchase_ids._taobao_sync()
            except DajisaasError as error:
                raise UserError(
                    self.env._(
                        "Synchronization of %(order)s with DajiSaaS failed: %(error)s",
                        order=order.name,
                        error=error,
                    )
                ) from None
        return True

    def action_taobao_pay(self):
        """Pay this order's Taobao purchases that await payment (managers)."""
        self.taobao_purchase_ids.action_pay()
        return True

    def action_taobao_cancel(self):
        """Cancel this order's Taobao purchases that are not paid yet (managers)."""
        return self.taobao_purchase_ids.action_open_cancel_wizard()

    def action_taobao_open_preview(self):
        """Show what the purchase would cost before anything is bought."""
        self.ensure_one()
        wizard = self.env["taobao.purchase.preview.wizard"].create({"sale_order_id": self.id})
        wizard._compute_preview()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Purchase on Taobao"),
            "res_model": "taobao.purchase.preview.wizard",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_view_taobao_purchases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "taobao_purchase.action_taobao_purchase_order"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # === PURCHASE FLOW === #

    def _taobao_purchase_one(self, check_margin=True):
        """Run one purchase attempt; return ``(order, level, message)``.

        Failures that happen before anything is sent raise :class:`TaobaoPurchaseBlocked`
        when called interactively, so that the user sees them at once; failures of the call
        itself are recorded on the order (state, chatter, API log) and returned.
        """
        self.ensure_one()
        if not self._taobao_lock():
            return (
                self,
                "warning",
                self.env._(
                    "%(order)s is being purchased right now (by another user or the automatic "
                    "job); refresh in a moment.",
                    order=self.name,
                ),
            )
        if self.taobao_attempt_state == "unknown" and self._taobao_resolve_unknown_attempt():
            return (
                self,
                "success",
                self.env._(
                    "%(order)s: the purchase sent earlier did go through and is now recorded.",
                    order=self.name,
                ),
            )
        lines = self._taobao_lines_to_purchase()
        if not lines:
            return (
                self,
                "info",
                self.env._("%(order)s: nothing left to purchase on Taobao.", order=self.name),
            )
        if self.state != "sale":
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "%(order)s is not a confirmed sale order: confirm it before purchasing on "
                    "Taobao.",
                    order=self.name,
                )
            )
        company = self.company_id
        client = company._taobao_client(record=self)
        with client:
            self._taobao_fill_distribution_ids(client, lines)
            request = self._taobao_build_request(lines)
            if company.taobao_preview_before_purchase:
                self._taobao_check_preview(client, request, lines, check_margin)
            return self._taobao_send_create(client, request)

    def _taobao_lock(self):
        """Lock the order row; False when another transaction holds it."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM sale_order WHERE id = %s FOR UPDATE NOWAIT", [self.id]
                )
        except (LockNotAvailable, SerializationFailure):
            # held by another transaction, or changed by one since this one started
            return False
        self.invalidate_recordset()
        return True

    def _taobao_partner_data(self, partner, label):
        partner = partner.sudo()
        return PartnerData(
            label=label,
            name=partner.name or "",
            country_code=partner.country_id.code or "",
            country_name=partner.country_id.name or "",
            state=partner.state_id.name or "",
            city=partner.city or "",
            street=partner.street or "",
            street2=partner.street2 or "",
            zip=partner.zip or "",
            phone=partner.phone or "",
            mobile=partner.mobile or "",
            vat=partner.vat or "",
        )

    def _taobao_line_data(self, lines):
        return [
            SaleLineData(
                line_id=line.id,
                label=line.product_id.display_name,
                title=line.product_id.name or line.name,
                quantity=Decimal(str(line.product_uom_qty)),
                mp_id=line.product_id.taobao_mp_id or "",
                mp_sku_id=line.product_id.taobao_mp_sku_id or "",
                price_fen=line.product_id.taobao_price_fen,
                has_skus=bool(line.product_id.taobao_sku_id),
            )
            for line in lines
        ]

    def _taobao_addresses(self):
        company = self.company_id
        warehouse = company.taobao_warehouse_partner_id
        if not warehouse:
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "No China warehouse is set for %(company)s: choose one in Settings > Sales > "
                    "Taobao (DajiSaaS).",
                    company=company.display_name,
                )
            )
        warehouse_data = self._taobao_partner_data(warehouse, warehouse.display_name)
        if company.taobao_ship_to == "customer":
            shipping = self.partner_shipping_id
            return self._taobao_partner_data(shipping, shipping.display_name), warehouse_data
        return warehouse_data, warehouse_data

    def _taobao_build_request(self, lines):
        receiver, warehouse = self._taobao_addresses()
        try:
            return build_create_request(
                third_order_id=self._taobao_third_order_id(),
                seller_order_number=self.client_order_ref or self.name,
                order_source=self.company_id.taobao_order_source or "odoo",
                lines=self._taobao_line_data(lines),
                receiver=receiver,
                warehouse=warehouse,
            )
        except MappingError as error:
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "%(order)s cannot be purchased on Taobao yet:\n%(problems)s",
                    order=self.name,
                    problems="\n".join(f"- {p}" for p in error.problems),
                )
            ) from None

    def _taobao_third_order_id(self):
        return self.taobao_pending_third_order_id or third_order_id(
            self.name, self.id, self.taobao_attempt
        )

    def _taobao_fill_distribution_ids(self, client, lines):
        """Fetch missing mpId/mpSkuId through the bunker call, once per item."""
        products = lines.product_id.filtered(
            lambda p: not p.taobao_mp_id or (p.taobao_sku_id and not p.taobao_mp_sku_id)
        )
        for template in products.product_tmpl_id:
            try:
                bunker = client.get_bunker(template.taobao_item_id)
            except (BusinessError, EnvelopeError) as error:
                raise TaobaoPurchaseBlocked(
                    self.env._(
                        "Taobao item %(item)s (%(product)s) cannot be ordered: %(error)s",
                        item=template.taobao_item_id,
                        product=template.display_name,
                        error=error,
                    )
                ) from None
            template.taobao_mp_id = bunker.mp_id
            for variant in products.filtered(lambda p, t=template: p.product_tmpl_id == t):
                if variant.taobao_sku_id:
                    mp_sku_id = bunker.mp_sku_id_for(int(variant.taobao_sku_id))
                    if mp_sku_id:
                        variant.taobao_mp_sku_id = str(mp_sku_id)

    def _taobao_check_preview(self, client, request, lines, check_margin):
        """Stop before buying when SKUs are unavailable or the margin is too low."""
        try:
            preview = client.preview_order(preview_request_for(request))
        except (BusinessError, EnvelopeError) as error:
            raise TaobaoPurchaseBlocked(
                self.env._("The Taobao price check (preview) failed: %(error)s", error=error)
            ) from None
        if preview.unavailable:
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "%(order)s: some Taobao SKUs cannot be bought right now:\n%(skus)s\nReplace "
                    "or remove those lines, then purchase again.",
                    order=self.name,
                    skus=self._taobao_unavailable_text(preview),
                )
            )
        if check_margin:
            self._taobao_check_margin(lines, preview.total_fen)

    @api.model
    def _taobao_unavailable_text(self, preview):
        return "\n".join(
            f"- item {u.item_id} / SKU {u.sku_id}: {u.reason or u.error_code}"
            for u in preview.unavailable
        )

    def _taobao_margin(self, lines, total_fen):
        """Return ``(margin percent, cost, revenue)`` in the company currency."""
        company = self.company_id
        cny = self.env.ref("base.CNY")
        cost = cny._convert(total_fen / 100, company.currency_id, company, fields.Date.today())
        revenue = self.currency_id._convert(
            sum(lines.mapped("price_subtotal")),
            company.currency_id,
            company,
            self.date_order or fields.Date.today(),
        )
        if not revenue:
            return -100.0, cost, revenue
        return float_round((revenue - cost) / revenue * 100, 2), cost, revenue

    def _taobao_check_margin(self, lines, total_fen):
        minimum = self.company_id.taobao_min_margin
        margin, cost, revenue = self._taobao_margin(lines, total_fen)
        if margin < minimum:
            currency = self.company_id.currency_id
            raise TaobaoPurchaseBlocked(
                self.env._(
                    "%(order)s: the Taobao cost %(cost)s leaves a margin of %(margin)s%% on "
                    "%(revenue)s, below the minimum of %(minimum)s%%. Raise the sale price, or "
                    "have a Taobao manager use 'Purchase anyway'.",
                    order=self.name,
                    cost=currency.format(cost),
                    revenue=currency.format(revenue),
                    margin=margin,
                    minimum=minimum,
                )
            )

    def _taobao_send_create(self, client, request):
        self.write(
            {
                "taobao_attempt_state": "sending",
                "taobao_pending_third_order_id": request.third_order_id,
            }
        )
        self.env.flush_all()
        try:
            result = client.create_order(request)
        except (BusinessError, EnvelopeError) as error:
            # DajiSaaS answered and refused: nothing was bought under this thirdOrderId.
            return self._taobao_record_failure(error)
        except DajisaasError as error:
            # Timeout, reset, 5xx, garbage: the order may exist; never re-send blindly.
            return self._taobao_record_unknown(error)
        self._taobao_record_purchases(result.orders, request.third_order_id, result.trace_id)
        self.write(
            {
                "taobao_attempt_state": "idle",
                "taobao_attempt": self.taobao_attempt + 1,
                "taobao_pending_third_order_id": False,
                "taobao_retry_count": 0,
                "taobao_next_retry": False,
                "taobao_payment_url": result.payment_url or self.taobao_payment_url,
                "taobao_last_error": self._taobao_failed_lines_text(result.failed_lines) or False,
            }
        )
        if result.failed_lines:
            message = self.env._(
                "%(order)s partly purchased on Taobao; not bought:\n%(lines)s",
                order=self.name,
                lines=self.taobao_last_error,
            )
            self._taobao_post(message)
            return (self, "warning", message)
        return (self, "success", self.env._("%(order)s purchased on Taobao.", order=self.name))

    def _taobao_failed_lines_text(self, failed_lines):
        lines_by_id = {str(line.id): line for line in self.order_line}
        texts = []
        for failed in failed_lines:
            line = lines_by_id.get(str(failed.order_line_no))
            label = line.product_id.display_name if line else failed.order_line_no
            texts.append(f"- {label}: {failed.error_message or failed.error_code}")
        return "\n".join(texts)

    def _taobao_record_failure(self, error):
        message = self.env._("Purchase on Taobao failed: %(error)s", error=str(error))
        self.write(
            {
                "taobao_attempt_state": "failed",
                "taobao_attempt": self.taobao_attempt + 1,
                "taobao_pending_third_order_id": False,
                "taobao_last_error": message,
                "taobao_next_retry": False,
            }
        )
        self._taobao_post(message)
        return (self, "danger", message)

    def _taobao_record_unknown(self, error):
        message = self.env._(
            "DajiSaaS did not confirm the purchase (%(error)s). It may have gone through: the "
            "next attempt or a synchronization will check with DajiSaaS before buying again.",
            error=str(error),
        )
        self.write({"taobao_attempt_state": "unknown", "taobao_last_error": message})
        self._taobao_post(message)
        return (self, "warning", message)

    def _taobao_resolve_unknown_attempt(self):
        """Ask DajiSaaS whether the attempt with an unknown outcome created purchases.

        :return: True when purchases were found and recorded.
        """
        third_id = self._taobao_third_order_id()
        with self.company_id._taobao_client(record=self) as client:
            found = client.find_order(third_id)
        if not found:
            # Nothing was created: the same thirdOrderId may be sent again safely.
            self.taobao_attempt_state = "idle"
            return False
        self._taobao_record_queried(found, third_id)
        self.write(
            {
                "taobao_attempt_state": "idle",
                "taobao_attempt": self.taobao_attempt + 1,
                "taobao_pending_third_order_id": False,
                "taobao_last_error": False,
            }
        )
        return True

    def _taobao_record_purchases(self, orders, third_id, trace_id):
        """Record the purchase orders of a create result (one per supplier)."""
        return self._taobao_create_purchase_records(
            [
                {
                    "purchase_id": order.purchase_id,
                    "supplier_nick": order.supplier_nick,
                    "source_market": order.source_market,
                    "amount_fen": order.estimate_amount_fen,
                    "status": "BULIDING",
                    "lines": [
                        {
                            "sub_purchase_order_id": line.sub_purchase_order_id,
                            "order_line_no": line.order_line_no,
                            "item_id": line.item_id,
                            "sku_id": line.sku_id,
                            "quantity": line.quantity,
                            "amount_fen": line.estimate_amount_fen,
                            "status": "BULIDING",
                        }
                        for line in order.lines
                    ],
                }
                for order in orders
            ],
            third_id,
            trace_id,
            self.env._(
                "Bought on Taobao from %(supplier)s: purchase %(name)s, estimated %(amount)s."
            ),
        )

    def _taobao_record_queried(self, queried_orders, third_id):
        """Record purchase orders found by a query (recovery after an unknown outcome)."""
        return self._taobao_create_purchase_records(
            [
                {
                    "purchase_id": order.purchase_id,
                    "supplier_nick": order.supplier_nick,
                    "source_market": False,
                    "amount_fen": order.purchase_amount_fen,
                    "status": order.status or "BULIDING",
                    "lines": [
                        {
                            "sub_purchase_order_id": sub.sub_purchase_order_id,
                            "order_line_no": sub.order_line_no,
                            "item_id": sub.item_id,
                            "sku_id": sub.sku_id,
                            "quantity": sub.quantity,
                            "amount_fen": sub.purchase_amount_fen,
                            "status": sub.status or "BULIDING",
                        }
                        for sub in order.sub_orders
                    ],
                }
                for order in queried_orders
            ],
            third_id,
            False,
            self.env._(
                "Taobao purchase %(name)s from %(supplier)s (%(amount)s) found on DajiSaaS and "
                "recorded: the earlier attempt had gone through."
            ),
        )

    def _taobao_create_purchase_records(self, purchases, third_id, trace_id, note):
        """Create the purchase records not recorded yet and post ``note`` for each."""
        lines_by_no = {str(line.id): line for line in self.order_line}
        existing = set(self.taobao_purchase_ids.mapped("purchase_id"))
        values = []
        for purchase in purchases:
            if str(purchase["purchase_id"]) in existing:
                continue
            values.append(
                {
                    "purchase_id": str(purchase["purchase_id"]),
                    "third_order_id": third_id,
                    "sale_order_id": self.id,
                    "company_id": self.company_id.id,
                    "supplier_nick": purchase["supplier_nick"],
                    "source_market": purchase["source_market"],
                    "estimate_amount": (purchase["amount_fen"] or 0) / 100,
                    "status": purchase["status"],
                    "trace_id": trace_id,
                    "payment_url": self.taobao_payment_url,
                    "line_ids": [
                        fields.Command.create(self._taobao_purchase_line_values(line, lines_by_no))
                        for line in purchase["lines"]
                    ],
                }
            )
        records = self.env["taobao.purchase.order"].sudo().create(values)
        for record in records:
            self._taobao_post(
                note
                % {
                    "supplier": record.supplier_nick or "?",
                    "name": record.name,
                    "amount": record.currency_id.format(record.estimate_amount),
                }
            )
        return records

    @staticmethod
    def _taobao_purchase_line_values(line, lines_by_no):
        sale_line = lines_by_no.get(str(line["order_line_no"]))
        return {
            "sub_purchase_order_id": str(line["sub_purchase_order_id"]),
            "order_line_no": line["order_line_no"],
            "sale_line_id": sale_line.id if sale_line else False,
            "product_id": sale_line.product_id.id if sale_line else False,
            "item_id": str(line["item_id"] or ""),
            "sku_id": str(line["sku_id"] or ""),
            "quantity": line["quantity"] or 0,
            "amount": (line["amount_fen"] or 0) / 100,
            "status": line["status"],
        }

    def _taobao_post(self, body):
        self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")

    def _taobao_notification(self, outcomes):
        levels = [level for _order, level, _message in outcomes]
        level = next(
            (lvl for lvl in ("danger", "warning", "success", "info") if lvl in levels), "info"
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Purchase on Taobao"),
                "message": "\n".join(message for _order, _level, message in outcomes),
                "type": level,
                "sticky": level in ("danger", "warning"),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # === AUTOMATION === #

    def _action_confirm(self):
        result = super()._action_confirm()
        to_queue = self.filtered(
            lambda o: o.company_id.taobao_auto_purchase and o._taobao_lines_to_purchase()
        )
        if to_queue:
            to_queue.write(
                {
                    "taobao_attempt_state": "queued",
                    "taobao_retry_count": 0,
                    "taobao_next_retry": fields.Datetime.now(),
                }
            )
            self.env.ref("taobao_purchase.ir_cron_taobao_purchase_queue")._trigger()
        return result

    @api.model
    def _cron_taobao_purchase_queue(self, limit=50):
        """Purchase queued orders, each in its own transaction; never raises."""
        orders = self.search(
            [
                ("taobao_attempt_state", "in", ("queued", "unknown")),
                ("state", "=", "sale"),
                "|",
                ("taobao_next_retry", "=", False),
                ("taobao_next_retry", "<=", fields.Datetime.now()),
            ],
            limit=limit,
            order="taobao_next_retry, id",
        )
        for order in orders:
            order._taobao_purchase_automatically()
            if self._taobao_auto_commit():
                # one order's failure must not undo the others
                self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _taobao_auto_commit(self):
        # the idiom of Odoo's own queue crons (mail): tests run in one transaction
        return not getattr(threading.current_thread(), "testing", False)

    def _taobao_purchase_automatically(self):
        """One automatic attempt: failures become an activity, transient ones are retried."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                _order, level, message = self._taobao_purchase_one()
        except UserError as error:
            self._taobao_automatic_failure(str(error), retry=False)
            return
        except DajisaasError as error:
            self._taobao_automatic_failure(str(error), retry=True)
            return
        if level in ("success", "info"):
            return
        retry = self.taobao_attempt_state == "unknown"
        self._taobao_automatic_failure(message, retry=retry)

    def _taobao_automatic_failure(self, reason, retry):
        company = self.company_id
        if retry and self.taobao_retry_count < company.taobao_retry_limit:
            delay = company.taobao_retry_delay * (2**self.taobao_retry_count)
            self.write(
                {
                    "taobao_attempt_state": "unknown"
                    if self.taobao_attempt_state == "unknown"
                    else "queued",
                    "taobao_retry_count": self.taobao_retry_count + 1,
                    "taobao_next_retry": fields.Datetime.now() + timedelta(minutes=delay),
                    "taobao_last_error": reason,
                }
            )
            return
        if self.taobao_attempt_state in ("queued", "sending"):
            self.taobao_attempt_state = "failed"
        self.taobao_last_error = reason
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Taobao purchase failed"),
            note=reason,
            user_id=self.user_id.id or self.env.uid,
        )

    @api.model
    def _cron_taobao_sync(self, limit=200):
        """Poll DajiSaaS for purchases that are still moving."""
        purchases = self.env["taobao.purchase.order"].search(
            [("status", "in", ("BULIDING", "WAIT_BUYER_P", "WAIT_SELLER_SEND_GOODS"))],
            limit=limit,
            order="last_sync asc nulls first, id",
        )
        for company, company_purchases in purchases.grouped("company_id").items():
            try:
                company_purchases._taobao_sync()
            except (DajisaasError, UserError) as error:
                _logger.warning("Taobao sync for %s failed: %s", company.name, error)
                continue
            if self._taobao_auto_commit():
                self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _taobao_note_message(self, company, message):
        """React to a verified DajiSaaS message by scheduling a synchronization."""
        purchases = self.env["taobao.purchase.order"].search(
            [
                ("company_id", "=", company.id),
                ("purchase_id", "=", str(message.order_purchase_id)),
            ]
        )
        if purchases:
            purchases.write({"last_sync": False})
            self.env.ref("taobao_purchase.ir_cron_taobao_sync")._trigger()
            return
        unknown = self.search(
            [
                ("company_id", "=", company.id),
                ("taobao_attempt_state", "=", "unknown"),
                ("taobao_pending_third_order_id", "=", message.outer_purchase_id),
            ]
        )
        if unknown:
            unknown.taobao_next_retry = False
            self.env.ref("taobao_purchase.ir_cron_taobao_purchase_queue")._trigger()
