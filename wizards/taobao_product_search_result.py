# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError

from ..dajisaas import DajisaasError


class TaobaoProductSearchResult(models.TransientModel):
    """One Taobao item found by a search, by keywords or by picture."""

    _name = "taobao.product.search.result"
    _description = "Taobao Search Result"
    _order = "rank, id"

    wizard_id = fields.Many2one("taobao.product.search.wizard", required=True, ondelete="cascade")
    rank = fields.Integer(help="Its place in what Taobao found, best first.")
    item_id = fields.Char(string="Taobao Item ID", required=True)
    title = fields.Char()
    image_url = fields.Char(string="Image")
    # the wizard's: a default per row would look the currency up once per result
    cny_currency_id = fields.Many2one(related="wizard_id.cny_currency_id")
    price = fields.Monetary(currency_field="cny_currency_id")
    stock = fields.Integer()
    shop_name = fields.Char(string="Shop")
    product_tmpl_id = fields.Many2one("product.template", string="Imported As")
    orderable = fields.Selection(
        [("yes", "Yes"), ("no", "No"), ("unknown", "Unknown")],
        default="unknown",
        help="Whether DajiSaaS distributes the item (it has an mpId): only those can be bought.",
    )

    def action_open_detail(self):
        self.ensure_one()
        detail = self.env["taobao.product.detail.wizard"].create(
            {
                "item_id": self.item_id,
                "search_wizard_id": self.wizard_id.id,
                "company_id": self.wizard_id.company_id.id,
                "sale_order_id": self.wizard_id.sale_order_id.id,
            }
        )
        detail._load()
        return detail._reopen()

    def action_link(self):
        """Link the product the search was for to this item (then match its SKUs)."""
        self.ensure_one()
        return self.env["taobao.product.link.wizard"]._open_for(
            self.wizard_id.product_tmpl_id, item_ref=self.item_id
        )

    def action_import(self):
        self.ensure_one()
        wizard = self.wizard_id
        try:
            result = self.env["taobao.product.importer"]._import_item(
                self.item_id, company=wizard.company_id
            )
        except (DajisaasError, UserError) as error:
            wizard.write(
                {
                    "message": self.env["taobao.product.detail.wizard"]._import_error_message(
                        error
                    ),
                    "message_level": "danger",
                }
            )
        else:
            self.product_tmpl_id = result.template
            wizard.write(
                {
                    "message": self.env["taobao.product.detail.wizard"]._import_message(result),
                    "message_level": "warning" if result.skipped_skus else "info",
                }
            )
        return wizard._reopen()
