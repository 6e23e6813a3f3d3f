# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .taobao_purchase_order import PURCHASE_STATUSES


class TaobaoPurchaseOrderLine(models.Model):
    """A DajiSaaS sub-purchase order: one sale order line bought from one supplier."""

    _name = "taobao.purchase.order.line"
    _description = "Taobao Purchase Order Line"
    _order = "purchase_order_id, id"
    _rec_name = "sub_purchase_order_id"

    purchase_order_id = fields.Many2one(
        "taobao.purchase.order", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="purchase_order_id.company_id", store=True, index=True)
    sale_line_id = fields.Many2one("sale.order.line", string="Sale Order Line", index=True)
    product_id = fields.Many2one("product.product")
    sub_purchase_order_id = fields.Char(string="Sub-Order ID", required=True, index=True)
    order_line_no = fields.Char(string="Line No.")
    item_id = fields.Char(string="Item (mpId)")
    sku_id = fields.Char(string="SKU (mpSkuId)")
    quantity = fields.Integer()
    currency_id = fields.Many2one(related="purchase_order_id.currency_id")
    amount = fields.Monetary(string="Estimated Cost", currency_field="currency_id")
    status = fields.Selection(PURCHASE_STATUSES)
    logistic_company = fields.Char(string="Carrier (China)")
    tracking_numbers = fields.Char()

    def _apply_queried(self, sub_order):
        self.ensure_one()
        values = {}
        if sub_order.status in dict(PURCHASE_STATUSES):
            values["status"] = sub_order.status
        if sub_order.logistic_orders:
            values["tracking_numbers"] = ", ".join(
                lo.tracking_number for lo in sub_order.logistic_orders if lo.tracking_number
            )
            values["logistic_company"] = ", ".join(
                sorted({lo.company_name for lo in sub_order.logistic_orders if lo.company_name})
            )
        if values:
            self.write(values)
