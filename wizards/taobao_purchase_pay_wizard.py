# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class TaobaoPurchasePayWizard(models.TransientModel):
    """Paying Taobao purchases spends money: the amount and the orders are shown first."""

    _name = "taobao.purchase.pay.wizard"
    _description = "Pay Taobao Purchases"

    purchase_order_ids = fields.Many2many("purchase.order", required=True, readonly=True)
    currency_id = fields.Many2one("res.currency", compute="_compute_amount")
    amount_total = fields.Monetary(string="Amount to Pay", compute="_compute_amount")
    order_count = fields.Integer(compute="_compute_amount")

    @api.depends("purchase_order_ids")
    def _compute_amount(self):
        for wizard in self:
            purchases = wizard.purchase_order_ids
            wizard.currency_id = self.env["res.company"]._taobao_cny()
            wizard.amount_total = sum(purchases.mapped("amount_total"))
            wizard.order_count = len(purchases)

    def action_confirm(self):
        self.ensure_one()
        purchases = self.env["taobao.access"]._targets(self, "purchase_order_ids")
        paid, failures, unknown = purchases._taobao_pay()
        lines = []
        if paid:
            lines.append(
                self.env._(
                    "Payment on Taobao requested for %(orders)s (%(amount)s).",
                    orders=", ".join(paid.mapped("name")),
                    amount=self.currency_id.format(sum(paid.mapped("amount_total"))),
                )
            )
        lines += [
            self.env._("%(order)s refused: %(reason)s", order=order.name, reason=reason)
            for order, reason in failures
        ]
        if unknown:
            lines.append(
                self.env._(
                    "DajiSaaS did not confirm whether it pays %(orders)s: their state was "
                    "looked up; check it before paying again.",
                    orders=", ".join(unknown.mapped("name")),
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "className": "o_taobao_notification",
                "title": self.env._("Pay on Taobao"),
                "message": "\n".join(lines),
                "type": "warning" if failures or unknown else "success",
                "sticky": bool(failures or unknown),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
