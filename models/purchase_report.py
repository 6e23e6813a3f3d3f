# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class PurchaseReport(models.Model):
    """Purchase Analysis can tell Taobao purchases apart."""

    _inherit = "purchase.report"

    is_taobao = fields.Boolean(string="Bought on Taobao", readonly=True)

    def _select(self) -> SQL:
        return SQL("%s, po.is_taobao AS is_taobao", super()._select())

    def _group_by(self) -> SQL:
        return SQL("%s, po.is_taobao", super()._group_by())
