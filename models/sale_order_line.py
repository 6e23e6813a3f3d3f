# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from ..const import CLOSED_STATUS


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _compute_purchase_price(self):
        """Whatever computes the cost again (a change of product or unit, a delivery changing
        state with ``sale_stock_margin``), a line bought on Taobao costs what DajiSaaS charges."""
        result = super()._compute_purchase_price()
        self.filtered("id")._taobao_update_cost()
        return result

    def _taobao_update_cost(self):
        """A line bought on Taobao costs what DajiSaaS charges, not the product's cost.

        Sets ``purchase_price`` (``sale_margin``'s cost, in the order's currency) from the
        line's open Taobao purchase lines and their share of the shipping inside China of
        the purchase they are in (by amount), so the margin on the order and in Sales
        Analysis is real, and is the one the preview showed.
        """
        factors = {}  # per purchase, once: a purchase of 200 lines buys 200 sale lines
        for line in self.sudo():
            bought = line.purchase_line_ids.filtered(
                lambda pl: pl.order_id.is_taobao
                and pl.order_id.state != "cancel"
                and pl.taobao_status != CLOSED_STATUS
            )
            if not bought or not line.product_uom_qty:
                continue
            for purchase in bought.order_id:
                if purchase not in factors:
                    factors[purchase] = purchase._taobao_landed_factor()
            cost = sum(
                line._convert_to_sol_currency(
                    pl.price_subtotal * factors[pl.order_id], pl.currency_id
                )
                for pl in bought
            )
            price = cost / line.product_uom_qty
            if line.currency_id.compare_amounts(price, line.purchase_price):
                line.purchase_price = price
