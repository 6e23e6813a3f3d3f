# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..const import CANCELLABLE_STATUSES
from ..models.chatter import taobao_note


class TaobaoSaleCancelWizard(models.TransientModel):
    """Cancelling sale orders whose goods were (or may have been) bought on Taobao."""

    _name = "taobao.sale.cancel.wizard"
    _description = "Cancel Sale Orders Bought on Taobao"

    sale_order_ids = fields.Many2many("sale.order", required=True, readonly=True)
    purchase_order_ids = fields.Many2many(
        "purchase.order", compute="_compute_purchases", string="Open Taobao Purchases"
    )
    cancellable_purchase_ids = fields.Many2many(
        "purchase.order", compute="_compute_purchases", string="Cancellable on Taobao"
    )
    pending_order_ids = fields.Many2many(
        "sale.order",
        compute="_compute_purchases",
        string="Purchase Outcome Unknown",
        help="A purchase was sent for these orders and its outcome is not known yet: it is "
        "still looked up and recorded after the cancellation.",
    )
    reason = fields.Char(default=lambda self: self.env._("Sale order cancelled"))
    decided = fields.Boolean(
        readonly=True,
        help="Set by the dialog's buttons: the sale orders' cancellation was decided here.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["taobao.access"]._check_protected_create(self, vals_list, {"decided"})
        return super().create(vals_list)

    def write(self, vals):
        self.env["taobao.access"]._check_protected(self, vals, {"decided"})
        return super().write(vals)

    @api.depends("sale_order_ids")
    def _compute_purchases(self):
        for wizard in self:
            orders = wizard.sale_order_ids
            purchases = orders._taobao_open_purchase_lines().order_id
            wizard.purchase_order_ids = purchases
            wizard.cancellable_purchase_ids = purchases.filtered(
                lambda po: po.taobao_status in CANCELLABLE_STATUSES
            )
            wizard.pending_order_ids = orders.filtered(
                lambda o: o.taobao_attempt_state in ("sending", "unknown")
            )

    def action_cancel_on_taobao(self):
        """Cancel the unpaid Taobao purchases on DajiSaaS, then the sale orders."""
        self.ensure_one()
        self.cancellable_purchase_ids._taobao_check_manager()
        for purchase in self.cancellable_purchase_ids:
            purchase._taobao_cancel(self.reason)
        return self._cancel_sale_orders()

    def action_keep_purchases(self):
        """Cancel the sale orders; the Taobao purchases stay, recorded, for a person."""
        self.ensure_one()
        kept = self.purchase_order_ids
        for order in self.sale_order_ids:
            purchases = kept.filtered(lambda po, o=order: po.taobao_sale_order_id == o)
            if not purchases:
                continue
            note = self.env._(
                "Cancelled with its Taobao purchases kept: %(purchases)s. Cancel them on "
                "Taobao, or use the goods elsewhere.",
                purchases=", ".join(purchases.mapped("name")),
            )
            order.sudo()._message_log(body=taobao_note(note))
            order.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Taobao purchases of a cancelled order"),
                note=note,
                # Cancel on Taobao is a manager's
                user_id=order.company_id._taobao_manager(order.user_id).id or self.env.uid,
            )
        return self._cancel_sale_orders()

    def _cancel_sale_orders(self):
        orders = self.env["taobao.access"]._targets(self, "sale_order_ids")
        self.sudo().decided = True
        orders.with_context(
            taobao_cancel_wizard_id=self.id, disable_cancel_warning=True
        ).action_cancel()
        return {"type": "ir.actions.act_window_close"}
