# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class TaobaoPurchaseCancelWizard(models.TransientModel):
    _name = "taobao.purchase.cancel.wizard"
    _description = "Cancel a Taobao Purchase"

    purchase_order_id = fields.Many2one("taobao.purchase.order", required=True)
    line_ids = fields.Many2many(
        "taobao.purchase.order.line",
        string="Sub-Orders",
        domain="[('purchase_order_id', '=', purchase_order_id)]",
        help="Leave empty to cancel the whole purchase order.",
    )
    reason = fields.Char(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.purchase_order_id._cancel(self.reason, self.line_ids)
        return {"type": "ir.actions.act_window_close"}
