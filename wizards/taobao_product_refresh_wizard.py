# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class TaobaoProductRefreshWizard(models.TransientModel):
    """What "Refresh from Taobao" changed, one line per product."""

    _name = "taobao.product.refresh.wizard"
    _description = "Taobao Refresh Summary"

    summary = fields.Text(readonly=True)
