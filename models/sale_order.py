# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

from ..const import (
    ATTEMPT_STATES,
    CANCELLABLE_STATUSES,
    CLOSED_STATUS,
    PAID_STATUSES,
    PAYABLE_STATUSES,
    SHIPPED_STATUS,
    TAOBAO_STATES,
)
from .chatter import taobao_note
from .taobao_access import SALE_ORDER_PROTECTED
from .wording import failure_told


class SaleOrder(models.Model):
    _inherit = "sale.order"

    taobao_purchase_ids = fields.One2many(
        "purchase.order", "taobao_sale_order_id", string="Taobao Purchases", readonly=True
    )
    taobao_purchase_count = fields.Integer(compute="_compute_taobao_purchase_count")
    taobao_can_pay = fields.Boolean(compute="_compute_taobao_actions")
    taobao_can_cancel = fields.Boolean(compute="_compute_taobao_actions")
    taobao_state = fields.Selection(
        TAOBAO_STATES,
        string="Taobao Status",
        compute="_compute_taobao_state",
        store=True,
        index=True,
        copy=False,
        group_expand="_taobao_board_columns",
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
    taobao_tracking_refs = fields.Char(
        string="Tracking Numbers (China)", compute="_compute_taobao_tracking_refs"
    )

    @api.model
    def _taobao_board_columns(self, states, domain):
        """On the Taobao board, the columns of a buyer's day, even empty: to purchase, to pay,
        paid, shipped, exceptions (other states show while an order is in them)."""
        if not self.env.context.get("taobao_board"):
            return states
        return ["to_purchase", "to_pay", "paid", "shipped", "exception"]

    @api.depends("taobao_purchase_ids")
    def _compute_taobao_purchase_count(self):
        for order in self:
            order.taobao_purchase_count = len(order.taobao_purchase_ids)

    @api.depends("taobao_purchase_ids.taobao_status", "taobao_purchase_ids.taobao_pay_requested")
    def _compute_taobao_actions(self):
        """Whether Pay and Cancel apply: only while a purchase awaits payment."""
        for order in self:
            open_purchases = order.taobao_purchase_ids.filtered(
                lambda p: p.taobao_status in CANCELLABLE_STATUSES
            )
            order.taobao_can_cancel = bool(open_purchases)
            order.taobao_can_pay = any(
                p.taobao_status in PAYABLE_STATUSES and not p.taobao_pay_requested
                for p in open_purchases
            )

    @api.depends("taobao_purchase_ids.taobao_tracking_refs")
    def _compute_taobao_tracking_refs(self):
        for order in self:
            refs = order.taobao_purchase_ids.mapped("taobao_tracking_refs")
            order.taobao_tracking_refs = ", ".join(ref for ref in refs if ref) or False

    @api.depends(
        "state",
        "taobao_attempt_state",
        "order_line.product_id.taobao_item_id",
        "taobao_purchase_ids.taobao_status",
        "taobao_purchase_ids.state",
        "taobao_purchase_ids.taobao_amounts_doubtful",
        "taobao_purchase_ids.taobao_refund_to_review",
        "taobao_purchase_ids.order_line.taobao_status",
        "taobao_purchase_ids.order_line.sale_line_id",
    )
    def _compute_taobao_state(self):
        for order in self:
            order.taobao_state = order._taobao_state_now()

    def _taobao_state_now(self):
        self.ensure_one()
        taobao_lines = self._taobao_lines()
        if not taobao_lines:
            return "none"
        if self.taobao_attempt_state == "review":
            return "review"
        if self.taobao_attempt_state in ("queued", "sending", "unknown"):
            return "in_progress"
        # a refund or amounts to review, on any purchase (a closed one's refund included)
        if any(
            p.taobao_amounts_doubtful or p.taobao_refund_to_review
            for p in self.taobao_purchase_ids
        ):
            return "exception"
        # purchases DajiSaaS closed buy nothing: their lines are to purchase again
        bought = self._taobao_purchased_lines()
        if self.state == "cancel" and not bought:
            return "cancelled"  # a cancelled order whose purchases are open still shows them
        if not bought:
            return "failed" if self.taobao_attempt_state == "failed" else "to_purchase"
        purchases = self.taobao_purchase_ids.filtered(lambda p: p.taobao_status != CLOSED_STATUS)
        if taobao_lines - bought:
            return "partial"
        statuses = set(purchases.mapped("taobao_status"))
        if not statuses <= set(PAID_STATUSES):
            return "to_pay"
        return "shipped" if statuses == {SHIPPED_STATUS} else "paid"

    # === LINES === #

    def _taobao_lines(self):
        """Sale order lines whose product is a Taobao item (sections and notes excluded)."""
        return self.order_line.filtered(
            lambda line: not line.display_type and line.product_id.taobao_item_id
        )

    def _taobao_open_purchase_lines(self):
        """Lines of this order's Taobao purchases that DajiSaaS has not closed.

        Only DajiSaaS's word counts: a purchase order cancelled in Odoo alone still holds
        goods DajiSaaS bought, so its lines are not bought again.
        """
        return self.sudo().taobao_purchase_ids.order_line.filtered(
            lambda pl: pl.taobao_status != CLOSED_STATUS
            and pl.order_id.taobao_status != CLOSED_STATUS
        )

    def _taobao_purchased_lines(self):
        return self._taobao_open_purchase_lines().sale_line_id

    def _taobao_reader_lang(self):
        """The language what is written for this order's people is in (its salesperson's,
        else its company's Taobao manager's)."""
        self.ensure_one()
        return self.company_id._taobao_reader_lang(self.user_id)

    def _taobao_lines_to_purchase(self):
        return self._taobao_lines() - self._taobao_purchased_lines()

    # === ACTIONS === #

    def action_taobao_purchase(self):
        """Purchase the Taobao lines of every order in ``self``.

        One order is purchased at once; several are queued for the background job, so that
        no request buys more than one order in one transaction. Safe to call repeatedly and
        concurrently: an order being purchased elsewhere is skipped, an order already bought
        has nothing left to buy, and an attempt whose outcome is unknown is first looked up
        on DajiSaaS.
        """
        self.env["taobao.access"]._check(self.company_id)
        if len(self) > 1:
            return self._taobao_notification(self._taobao_queue_for_user())
        return self._taobao_notification(self._taobao_purchase_interactively())

    def action_taobao_purchase_force(self):
        """Purchase even when the margin is below the configured minimum (managers)."""
        self.env["taobao.access"]._check(self.company_id, manager=True)
        self.ensure_one()
        return self._taobao_notification(self._taobao_purchase_interactively(check_margin=False))

    def action_taobao_sync(self):
        """Refresh the state of this order's Taobao purchases from DajiSaaS."""
        self.env["taobao.access"]._check(self.company_id)
        for order in self:
            with failure_told(
                self.env,
                lambda reason, order=order: self.env._(
                    "Synchronization of %(order)s with DajiSaaS failed: %(error)s",
                    order=order.name,
                    error=reason,
                ),
            ):
                if order.taobao_attempt_state == "unknown":
                    order._taobao_resolve_unknown()
                order.taobao_purchase_ids._taobao_sync(interactive=True)
        return self.taobao_purchase_ids._taobao_sync_notification()

    def action_taobao_review_done(self):
        """A person checked the purchases DajiSaaS made that matched no sale line (managers).

        The sale lines that still look unbought can then be purchased again: the person
        adjusts or cancels those the reported purchases already buy before.
        """
        self.env["taobao.access"]._check(self.company_id, manager=True)
        check_type = self.env.ref("taobao_purchase.mail_activity_taobao_check_purchases")
        for order in self.filtered(lambda o: o.taobao_attempt_state == "review"):
            claimed = order._taobao_claim_unmatched()
            order._taobao_set_attempt("idle", taobao_last_error=False)
            order._taobao_post(
                self.env._(
                    "Taobao purchases checked by %(user)s: purchasing may go on.",
                    user=self.env.user.name,
                )
            )
            if claimed:
                order._taobao_post(
                    self.env._(
                        "These sale lines are bought by purchase lines DajiSaaS reported without "
                        "naming them (same product), and are not offered again:\n%(lines)s",
                        lines="\n".join(
                            f"- {sale_line.name} ({purchase_line.order_id.name})"
                            for purchase_line, sale_line in claimed
                        ),
                    )
                )
            order.activity_ids.filtered(
                lambda a: a.activity_type_id == check_type
            ).action_feedback()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "className": "o_taobao_notification",
                "type": "success",
                "title": self.env._("Purchases checked"),
                "message": self.env._(
                    "Purchasing on Taobao may go on for %(orders)s.",
                    orders=", ".join(self.mapped("name")),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _taobao_claim_unmatched(self):
        """Give the purchase lines DajiSaaS reported without naming a sale line to the
        unbought sale lines of the same product they buy the whole quantity of, so that
        what they bought is not offered again once a person checked the purchases. A line
        bought in part is left to the person: it would otherwise look bought in full.

        :return: ``[(purchase line, sale line)]`` linked
        """
        self.ensure_one()
        unmatched = self._taobao_open_purchase_lines().filtered(
            lambda pl: not pl.sale_line_id and not pl.taobao_is_shipping and not pl.display_type
        )
        unbought = list(self._taobao_lines_to_purchase())
        claimed = []
        for purchase_line in unmatched:
            sale_line = next(
                (
                    line
                    for line in unbought
                    if line.product_id == purchase_line.product_id
                    and purchase_line.product_uom._compute_quantity(
                        purchase_line.product_qty, line.product_uom
                    )
                    >= line.product_uom_qty
                ),
                None,
            )
            if sale_line:
                purchase_line.sudo().sale_line_id = sale_line
                unbought.remove(sale_line)
                claimed.append((purchase_line, sale_line))
        return claimed

    def action_taobao_nothing_bought(self):
        """Decide, after a fresh lookup shown first, that nothing was bought under this
        order's open purchase requests (managers): it may then be bought again."""
        self.ensure_one()
        self.env["taobao.access"]._check(self.company_id, manager=True)
        wizard = self.env["taobao.attempt.release.wizard"].create({"sale_order_id": self.id})
        wizard._look_up()
        return wizard._reopen()

    def action_taobao_pay(self):
        """Pay this order's Taobao purchases that await payment (managers), after a
        confirmation that shows the amount."""
        self.env["taobao.access"]._check(self.company_id, manager=True)
        return self.taobao_purchase_ids.action_taobao_pay()

    def action_taobao_cancel(self):
        """Cancel this order's Taobao purchases that are not paid yet (managers)."""
        self.env["taobao.access"]._check(self.company_id, manager=True)
        return self.taobao_purchase_ids.action_taobao_open_cancel_wizard()

    def action_taobao_open_preview(self):
        """Show what the purchase would cost before anything is bought."""
        self.ensure_one()
        self.env["taobao.access"]._check(self.company_id)
        wizard = self.env["taobao.purchase.preview.wizard"].create({"sale_order_id": self.id})
        wizard._load_preview()
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
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "taobao_purchase.action_taobao_purchase_orders"
        )
        action["domain"] = [("taobao_sale_order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _taobao_post(self, body):
        for order in self:
            order.sudo()._message_log(body=taobao_note(body))

    # === AUTOMATION === #

    @api.model_create_multi
    def create(self, vals_list):
        """What asks for a purchase is the flow's: no user path (a form, an import, ``load``,
        ``copy`` with defaults, ``default_`` context keys, a personal default) creates an
        order already queued, or carrying another order's thirdOrderId."""
        self.env["taobao.access"]._check_protected_create(self, vals_list, SALE_ORDER_PROTECTED)
        return super().create(vals_list)

    def write(self, vals):
        self.env["taobao.access"]._check_protected(self, vals, SALE_ORDER_PROTECTED)
        return super().write(vals)

    def action_cancel(self):
        """Cancelling an order with open Taobao purchases asks what becomes of them."""
        if self._taobao_exposed() and not self._taobao_cancel_decided():
            wizard = self.env["taobao.sale.cancel.wizard"].create({"sale_order_ids": self.ids})
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Cancel an order bought on Taobao"),
                "res_model": "taobao.sale.cancel.wizard",
                "res_id": wizard.id,
                "view_mode": "form",
                "target": "new",
            }
        return super().action_cancel()

    def _taobao_cancel_decided(self):
        """Whether a person decided, in the cancel dialog, what becomes of these orders'
        Taobao purchases: the dialog's record says so, checked here; a context key from
        the client only names that record."""
        wizard_id = self.env.context.get("taobao_cancel_wizard_id")
        if not isinstance(wizard_id, int) or isinstance(wizard_id, bool):
            return False
        wizard = self.env["taobao.sale.cancel.wizard"].sudo().browse(wizard_id).exists()
        return bool(
            wizard
            and wizard.decided
            and wizard.create_uid == self.env.user
            and self <= wizard.sale_order_ids
        )

    def _taobao_exposed(self):
        """Orders with Taobao purchases still open, or an attempt whose outcome is open."""
        return self.filtered(
            lambda order: order.taobao_attempt_state in ("sending", "unknown")
            or order._taobao_open_purchase_lines()
        )

    def _action_cancel(self):
        self._taobao_lock_rows()
        # a queued purchase of a cancelled order is not made (unknown outcomes stay: what
        # DajiSaaS may have bought is still looked up and recorded)
        for order in self.filtered(lambda o: o.taobao_attempt_state == "queued"):
            order._taobao_set_attempt("idle", taobao_next_retry=False)
        return super()._action_cancel()

    def _taobao_lock_rows(self):
        """Lock these orders' rows before writing them. When a purchase wrote one since this
        transaction began, the serialization error that Odoo retries the request for is
        raised here, quietly, not by the UPDATE at flush with a "bad query" ERROR line."""
        if self.ids:
            self.env.cr.execute(
                SQL("SELECT id FROM sale_order WHERE id IN %s FOR NO KEY UPDATE", tuple(self.ids)),
                log_exceptions=False,
            )

    def _action_confirm(self):
        result = super()._action_confirm()
        to_queue = self.filtered(
            lambda o: o.company_id.taobao_auto_purchase and o._taobao_lines_to_purchase()
        )
        if to_queue:
            to_queue._taobao_queue()
        return result
