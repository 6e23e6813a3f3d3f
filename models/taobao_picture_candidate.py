# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


def found_item_values(hit, rank):
    """The values of a row showing an item Taobao found (a keyword or picture search's
    result, a candidate by picture): ``hit`` is the client's ``SearchItem`` or
    ``ImageSearchHit``."""
    return {
        "rank": rank,
        "item_id": str(hit.item_id),
        "title": hit.title,
        "image_url": hit.main_image_url or False,
        "price": hit.price_fen / 100,
        "stock": hit.inventory or 0,
        "shop_name": hit.shop_name,
    }


class TaobaoPictureCandidate(models.Model):
    """A Taobao item whose picture looks like a product's, proposed for a person to link."""

    _name = "taobao.picture.candidate"
    _description = "Taobao Candidate by Picture"
    _order = "rank, id"

    match_id = fields.Many2one(
        "taobao.picture.match", required=True, ondelete="cascade", index=True
    )
    rank = fields.Integer(help="Its place in what Taobao found, best first.")
    item_id = fields.Char(string="Taobao Item ID", required=True)
    title = fields.Char()
    image_url = fields.Char(string="Picture")
    cny_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env["res.company"]._taobao_cny()
    )
    price = fields.Monetary(currency_field="cny_currency_id")
    stock = fields.Integer()
    shop_name = fields.Char(string="Shop")

    def action_link(self):
        """Link the product to this item: its SKUs are then matched to the variants."""
        self.ensure_one()
        match = self.match_id
        return self.env["taobao.product.link.wizard"]._open_for(
            match.product_tmpl_id, item_ref=self.item_id, company=match.company_id
        )
