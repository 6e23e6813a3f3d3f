# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    # Writable here (ORM, CSV import): a variant's item is its template's, one Taobao item
    # per product template.
    taobao_item_id = fields.Char(
        related="product_tmpl_id.taobao_item_id", store=True, readonly=False
    )
    taobao_mp_id = fields.Char(related="product_tmpl_id.taobao_mp_id", readonly=False)
    taobao_sku_id = fields.Char(
        string="Taobao SKU ID",
        index="btree_not_null",
        copy=False,
        help="The Taobao SKU id of this variant; empty for items sold without SKUs.",
    )
    taobao_mp_sku_id = fields.Char(
        string="Taobao mpSkuId",
        copy=False,
        help="DajiSaaS distribution id of the SKU (from the product bunker call).",
    )
    taobao_price_fen = fields.Integer(
        string="Taobao Price (fen)",
        copy=False,
        help="Last known Taobao unit price in fen (1/100 CNY); sent as the order line price.",
    )
    taobao_stock = fields.Integer(copy=False)
    taobao_sku_removed = fields.Boolean(
        string="Gone from Taobao",
        copy=False,
        help="The SKU no longer exists on Taobao (seen at the last refresh).",
    )

    def _taobao_sku_text(self):
        """The variant's values as a Taobao SKU reads (颜色分类: 黑色 / 尺码: M), or ''."""
        self.ensure_one()
        return " / ".join(
            f"{value.attribute_id.name}: {value.name}"
            for value in self.product_template_attribute_value_ids
        )

    def action_taobao_link(self):
        """Link this variant to a SKU of a Taobao item, from the item's URL or id."""
        self.ensure_one()
        return self.env["taobao.product.link.wizard"]._open_for(self.product_tmpl_id, self)

    def action_taobao_find_by_picture(self):
        """Find Taobao items that look like this product's picture."""
        self.ensure_one()
        return self.product_tmpl_id.action_taobao_find_by_picture()
