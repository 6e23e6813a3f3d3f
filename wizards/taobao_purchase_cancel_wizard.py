# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from ..models.taobao_purchase_order import CANCELLABLE_STATUSES


class TaobaoPurchaseCancelWizard(models.TransientModel):
    """Cancel Taobao purchases: chosen sub-orders of one, or whole purchase orders."""

    _name = "taobao.purchase.cancel.wizard"
    _description = "Cancel Taobao Purchases"

    purchase_order_ids = fields.Many2many(
        "taobao.purchase.order",
        string="Purchase Orders",
        required=True,
        domain=[("status", "in", CANCELLABLE_STATUSES)],
    )
    line_ids = fields.Many2many(
        "taobao.purchase.order.line",
        string="Sub-Orders",
        domain="[('purchase_order_id', 'in', purchase_order_ids)]",
        help="Leave empty to cancel the whole purchase orders.",
    )
    reason = fields.Char(required=True)

    def action_confirm(self):
        self.ensure_one()
        for purchase in self.purchase_order_ids:
            lines = self.line_ids.filtered(lambda line, p=purchase: line.purchase_order_id == p)
            if self.line_ids and not lines:
                continue
            purchase._cancel(self.reason, lines)
        return {"type": "ir.actions.act_window_close"}
