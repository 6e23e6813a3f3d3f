# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class TaobaoProductDetailImage(models.TransientModel):
    """A picture of the Taobao item shown in the detail wizard (its address only)."""

    _name = "taobao.product.detail.image"
    _description = "Taobao Item Picture"
    _order = "id"

    wizard_id = fields.Many2one("taobao.product.detail.wizard", required=True, ondelete="cascade")
    url = fields.Char(string="Picture", required=True)
