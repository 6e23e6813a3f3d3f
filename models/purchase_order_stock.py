# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class PurchaseOrder(models.Model):
    """A Taobao purchase with Inventory, when it is installed: the one place that asks.

    The addon does not depend on Inventory. With ``purchase_stock`` a purchase order gets
    a receipt; with ``stock_dropshipping`` it is a dropship to the customer. Without
    Inventory these methods do nothing.
    """

    _inherit = "purchase.order"

    @api.model
    def _taobao_has_inventory(self):
        """Whether purchase orders have receipts (``purchase_stock``)."""
        return "picking_type_id" in self._fields

    def _taobao_deliveries(self):
        """The receipts and deliveries, not cancelled, of this purchase (``purchase_stock``)
        and of its sale order (``sale_stock``), each once; ``None`` without Inventory."""
        self.ensure_one()
        if "stock.picking" not in self.env:
            return None
        pickings = self.env["stock.picking"]
        for record in (self, self.taobao_sale_order_id):
            if "picking_ids" in record._fields:
                # a dropship is both the purchase's and, through its group, the sale's
                pickings |= record.picking_ids
        return pickings.filtered(lambda picking: picking.state != "cancel")

    @api.model
    def _taobao_stock_values(self, sale_order):
        """Where the goods go when Inventory (``purchase_stock``) is installed.

        Taobao goods never enter the company's own stock: they go from the supplier to the
        China forwarding warehouse, then to the customer. With Dropship
        (``stock_dropshipping``) the purchase is a dropship to the customer, Odoo's own
        model for goods a vendor delivers for a sale. Without it, the receipt goes to a
        transit location standing for the forwarding warehouse.
        """
        if not self._taobao_has_inventory():
            return {}
        company = sale_order.company_id
        dropship = self._taobao_dropship_type(company)
        if dropship:
            return {
                "picking_type_id": dropship.id,
                "dest_address_id": sale_order.partner_shipping_id.id,
            }
        return {"picking_type_id": company._taobao_forwarding_type().id}

    @api.model
    def _taobao_dropship_type(self, company):
        if not self._taobao_has_inventory():
            return None
        PickingType = self.env["stock.picking.type"].sudo()
        if "dropship" not in dict(PickingType._fields["code"].selection):
            return PickingType
        return PickingType.search(
            [("code", "=", "dropship"), ("company_id", "=", company.id)], limit=1
        )

    def _taobao_cancel_own_deliveries(self):
        """A dropshipped line is not delivered from the company's stock as well."""
        sale_lines = self.order_line.sale_line_id
        if "move_ids" not in sale_lines._fields:  # sale_stock
            return
        moves = sale_lines.move_ids.filtered(
            lambda move: move.state not in ("done", "cancel")
            and move.picking_type_id.code == "outgoing"
        )
        moves._action_cancel()
