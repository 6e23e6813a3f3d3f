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
    cny_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.CNY")
    )
    price = fields.Monetary(currency_field="cny_currency_id")
    promotion_price = fields.Monetary(currency_field="cny_currency_id")
    stock = fields.Integer()

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
        }

    def action_add_to_order(self):
        self.ensure_one()
        return self.wizard_id._add_to_order(self.sku_id)
