# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..models.product_import import sku_label


class TaobaoProductDetailSku(models.TransientModel):
    """A SKU of the Taobao item shown in the detail wizard."""

    _name = "taobao.product.detail.sku"
    _description = "Taobao Item SKU"
    _order = "id"

    wizard_id = fields.Many2one("taobao.product.detail.wizard", required=True, ondelete="cascade")
    sku_id = fields.Char(string="SKU ID", required=True)
    mp_sku_id = fields.Char(string="mpSkuId")
    properties = fields.Char()
    image_url = fields.Char(string="Image")
    # the wizard's: a default per row would look the currency up once per SKU
    cny_currency_id = fields.Many2one(related="wizard_id.cny_currency_id")
    price = fields.Monetary(currency_field="cny_currency_id")
    promotion_price = fields.Monetary(currency_field="cny_currency_id")
    stock = fields.Integer()
    quantity = fields.Float(
        string="Quantity to Add", digits="Product Unit of Measure", default=0.0
    )
    property_values = fields.Char(help="The SKU's values, one prop_name=value_name per line.")

    def _values_by_property(self):
        self.ensure_one()
        pairs = (line.split("=", 1) for line in (self.property_values or "").splitlines())
        return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}

    @api.model
    def _values_from(self, sku, mp_sku_ids):
        """Line values of an API ``ItemSku``; ``mp_sku_ids`` maps SKU ids to mpSkuIds."""
        mp_sku_id = mp_sku_ids.get(sku.sku_id)
        return {
            "sku_id": str(sku.sku_id),
            "mp_sku_id": str(mp_sku_id) if mp_sku_id else False,
            "properties": sku_label(sku),
            "image_url": sku.pic_url or False,
            "price": sku.price_fen / 100,
            "promotion_price": (sku.promotion_price_fen or 0) / 100 or False,
            "stock": sku.quantity,
            "property_values": "\n".join(
                f"{prop.prop_name}={prop.value_name}" for prop in sku.properties if prop.value_name
            ),
        }

    def action_add_to_order(self):
        """Add this SKU, as many as typed on its row (one if none), and leave the dialog
        open for the next rows."""
        self.ensure_one()
        return self.wizard_id._add_to_order(self.sku_id, self.quantity or 1, keep_open=True)


class TaobaoProductDetailValue(models.TransientModel):
    """A property value of the item's SKUs (颜色分类: 黑色), to filter the SKUs by."""

    _name = "taobao.product.detail.value"
    _description = "Taobao SKU Property Value"
    _order = "prop_name, value_name"
    _rec_names_search = ["prop_name", "value_name"]

    wizard_id = fields.Many2one("taobao.product.detail.wizard", required=True, ondelete="cascade")
    prop_name = fields.Char(string="Property", required=True)
    value_name = fields.Char(string="Value", required=True)

    @api.depends("prop_name", "value_name")
    def _compute_display_name(self):
        for value in self:
            value.display_name = f"{value.prop_name}: {value.value_name}"
