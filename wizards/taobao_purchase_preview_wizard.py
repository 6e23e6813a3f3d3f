# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError

from ..dajisaas import DajisaasError


class TaobaoPurchasePreviewWizard(models.TransientModel):
    """What buying a sale order on Taobao would cost, shown before anything is bought."""

    _name = "taobao.purchase.preview.wizard"
    _description = "Taobao Purchase Preview"

    sale_order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="sale_order_id.company_id")
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    cny_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.CNY")
    )
    line_count = fields.Integer(string="Lines to Buy", readonly=True)
    total_cny = fields.Monetary(
        string="Taobao Total", currency_field="cny_currency_id", readonly=True
    )
    shipping_cny = fields.Monetary(
        string="Shipping in China", currency_field="cny_currency_id", readonly=True
    )
    cost = fields.Monetary(
        string="Cost (Company Currency)", currency_field="company_currency_id", readonly=True
    )
    revenue = fields.Monetary(
        string="Sale Amount", currency_field="company_currency_id", readonly=True
    )
    margin = fields.Float(string="Margin (%)", readonly=True)
    min_margin = fields.Float(related="company_id.taobao_min_margin")
    margin_too_low = fields.Boolean(readonly=True)
    unavailable = fields.Text(string="Unavailable SKUs", readonly=True)
    problems = fields.Text(readonly=True)
    is_manager = fields.Boolean(
        default=lambda self: self.env.user.has_group("taobao_purchase.group_taobao_manager")
    )

    def _compute_preview(self):
        """Ask DajiSaaS for the price of the lines still to buy (no purchase is made)."""
        self.ensure_one()
        order = self.sale_order_id
        lines = order._taobao_lines_to_purchase()
        values = {"line_count": len(lines)}
        if not lines:
            values["problems"] = self.env._("Nothing is left to purchase on Taobao.")
            self.write(values)
            return
        purchaser = self.env["taobao.purchaser"]
        try:
            with order.company_id._taobao_client(record=order) as client:
                plan = purchaser._plan(order, client)
                preview = purchaser._preview(plan)
            margin, cost, revenue = purchaser._margin(order, plan.lines, preview.total_fen)
        except (DajisaasError, UserError) as error:
            values["problems"] = str(error)
        else:
            values.update(
                total_cny=preview.total_fen / 100,
                shipping_cny=preview.shipping_fee_fen / 100,
                cost=cost,
                revenue=revenue,
                margin=margin,
                margin_too_low=margin < order.company_id.taobao_min_margin,
                unavailable=purchaser._unavailable_text(preview) or False,
            )
        self.write(values)

    def action_purchase(self):
        return self.sale_order_id.action_taobao_purchase()

    def action_purchase_anyway(self):
        return self.sale_order_id.action_taobao_purchase_force()
