# Copyright 2026 Taobao Purchase contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    taobao_item_id = fields.Char(
        string="Taobao Item ID",
        index="btree_not_null",
        copy=False,
        help="The Taobao/Tmall item id (the number in the item's URL).",
    )
    taobao_mp_id = fields.Char(
        string="Taobao mpId",
        copy=False,
        help="DajiSaaS distribution id of the item (from the product bunker call); orders use "
        "it instead of the Taobao item id. Filled automatically when missing.",
    )
    taobao_shop_name = fields.Char(string="Taobao Shop", copy=False)
    taobao_image_url = fields.Char(
        string="Taobao Image",
        copy=False,
        help="Address of the item's main picture on Taobao.",
    )
    taobao_url = fields.Char(string="Taobao Link", compute="_compute_taobao_url")
    taobao_seller_content = fields.Boolean(
        string="Seller's Own Content",
        readonly=True,
        copy=False,
        help="The name, description, picture and sale prices are the seller's (the product "
        "was linked to Taobao by hand): importing its Taobao item again proposes Taobao's "
        "changes in the chatter instead of writing them.",
    )

    _sql_constraints = [
        (
            "taobao_item_id_company_uniq",
            "unique(taobao_item_id, company_id)",
            "This Taobao item is already imported as another product.",
        ),
    ]

    def _compute_taobao_url(self):
        for template in self:
            template.taobao_url = (
                f"https://item.taobao.com/item.htm?id={template.taobao_item_id}"
                if template.taobao_item_id
                else False
            )

    def action_taobao_link(self):
        """Link this product (all its variants) to a Taobao item, from its URL or id."""
        return self.env["taobao.product.link.wizard"]._open_for(self)

    def action_taobao_find_by_picture(self):
        """Find Taobao items that look like this product's picture."""
        return self.env["taobao.product.search.wizard"]._open_for_picture(self)

    def action_taobao_find_matches(self):
        """Queue these products to be matched to Taobao items by their pictures."""
        count = self.env["taobao.picture.match"]._queue(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "taobao_purchase.action_taobao_picture_match"
        )
        action["context"] = {"search_default_pending": 1, "search_default_to_review": 1}
        if not count:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": self.env._(
                        "None of these products can be matched: each needs a picture and "
                        "no Taobao link yet."
                    ),
                },
            }
        return action

    def action_taobao_refresh(self):
        """Update prices, stock and distribution ids from Taobao and report what changed."""
        report = self.env["taobao.product.importer"]._refresh_templates(self)
        if not report:
            report = [self.env._("None of the selected products comes from Taobao.")]
        wizard = self.env["taobao.product.refresh.wizard"].create({"summary": "\n".join(report)})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refresh from Taobao"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }
