# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..const import CANCELLABLE_STATUSES


class TaobaoPurchaseCancelWizard(models.TransientModel):
    """Cancel Taobao purchases: chosen sub-orders of one, or whole purchase orders."""

    _name = "taobao.purchase.cancel.wizard"
    _description = "Cancel Taobao Purchases"

    purchase_order_ids = fields.Many2many(
        "purchase.order",
        string="Purchase Orders",
        required=True,
        domain=[("is_taobao", "=", True), ("taobao_status", "in", CANCELLABLE_STATUSES)],
    )
    single_purchase = fields.Boolean(compute="_compute_single_purchase")
    line_ids = fields.Many2many(
        "purchase.order.line",
        string="Sub-Orders",
        domain="[('order_id', 'in', purchase_order_ids), ('taobao_sub_order_ref', '!=', False)]",
        help="Leave empty to cancel the whole purchase orders.",
    )
    reason = fields.Char(required=True)

    @api.depends("purchase_order_ids")
    def _compute_single_purchase(self):
        for wizard in self:
            wizard.single_purchase = len(wizard.purchase_order_ids) == 1

    def action_confirm(self):
        self.ensure_one()
        access = self.env["taobao.access"]
        purchases = access._targets(self, "purchase_order_ids")
        chosen_lines = access._targets(self, "line_ids")
        purchases._taobao_check_manager()
        names = ", ".join(purchases.mapped("name"))
        for purchase in purchases:
            lines = chosen_lines.filtered(lambda line, p=purchase: line.order_id == p)
            if chosen_lines and not lines:
                continue
            purchase._taobao_cancel(self.reason, lines)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "className": "o_taobao_notification",
                "type": "success",
                "title": self.env._("Cancel on Taobao"),
                "message": self.env._(
                    "DajiSaaS accepted to cancel %(purchases)s; the purchases close once "
                    "DajiSaaS confirms (a synchronization shows it).",
                    purchases=names,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
